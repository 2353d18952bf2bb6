package io.panzoto.auth.token;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/** The public keys that verify access tokens (RFC 7517), for the gateway and every service. */
@Path("/.well-known/jwks.json")
public class JwksResource {
    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        List<JsonWebKey> published = new ArrayList<>();
        for (SigningKeys.LoadedKey key : keys.published()) {
            RsaJsonWebKey jwk = new RsaJsonWebKey(key.publicKey());
            jwk.setKeyId(key.kid());
            jwk.setAlgorithm(SigningKeys.ALGORITHM);
            jwk.setUse("sig");
            published.add(jwk);
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .cacheControl(cache).build();
    }
}
