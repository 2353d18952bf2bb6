package io.panzoto.gateway.routing;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.signing.RsaSigningKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/** Tokens signed with the stub auth-service's keys, and the addresses of the gateway and the stubs. */
final class GatewayTestSupport {
    static final String USER = "7f2c1d8e-0000-4000-8000-000000000001";

    private GatewayTestSupport() {
    }

    static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(USER);
        claims.setIssuer("https://auth.panzoto.local");
        claims.setAudience("panzoto");
        claims.setGeneratedJwtId();
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setClaim("tier", "e2e");
        return claims;
    }

    static String token(JwtClaims claims, String kid) {
        try {
            return sign(claims, key(kid), kid);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JwtClaims claims, Key key, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(kid);
        jws.setKey(key);
        return jws.getCompactSerialization();
    }

    static Key key(String kid) {
        return RsaSigningKeys.privateKey(Bytes.fromBase64(ConfigProvider.getConfig().getValue("test.jwt." + kid, String.class)));
    }

    static String serviceUrl(String service) {
        return ConfigProvider.getConfig().getValue("panzoto.gateway.services." + service + ".url", String.class);
    }

    static String gateway() {
        return "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    /** What a stub service counted for a path: hits, completed, cut or aborted (see StubServicesResource). */
    static long count(String service, String kind, String path) throws Exception {
        return Long.parseLong(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serviceUrl(service) + "/control/" + kind + "?path=" + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
