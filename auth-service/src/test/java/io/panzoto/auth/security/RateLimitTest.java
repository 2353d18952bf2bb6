package io.panzoto.auth.security;

import static io.panzoto.auth.AuthApi.PASSWORD;
import static io.panzoto.auth.AuthApi.login;
import static io.panzoto.auth.AuthApi.register;
import static io.panzoto.auth.AuthApi.uniqueEmail;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.testing.RealInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RateLimitTest.LowLimits.class)
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class RateLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("panzoto.auth.rate-limit.login-per-minute", "3", "panzoto.auth.rate-limit.register-per-hour", "2",
                    "panzoto.auth.face.per-address-per-minute", "2");
        }
    }

    @Test
    void anAddressThatLogsInTooOftenGets429WithRetryAfterWhateverTheAccount() {
        for (int i = 0; i < 3; i++) {
            login("/api/login", uniqueEmail(), PASSWORD).then().statusCode(401);
        }
        Response limited = login("/api/auth/login", uniqueEmail(), PASSWORD);
        limited.then().statusCode(429).body("code", equalTo("rate_limited"));
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 20, "a third of a minute at most for one token: " + retryAfter);
    }

    @Test
    void theClientBehindTheGatewayIsTheRightmostUntrustedHopAndAnIpv6ClientIsItsSlash64() {
        // From the trusted gateway (127.0.0.1 in tests): the left of the chain, written by the client, changes
        // every time and still buys no fresh budget.
        for (int i = 0; i < 3; i++) {
            loginFrom("198.18.0." + i + ", 203.0.113.30").then().statusCode(401);
        }
        loginFrom("198.18.0.99, 203.0.113.30").then().statusCode(429);
        loginFrom("203.0.113.31").then().statusCode(401);
        for (int i = 1; i <= 3; i++) {
            loginFrom("2001:db8:42:7::" + i).then().statusCode(401);
        }
        loginFrom("2001:db8:42:7:ffff::1").then().statusCode(429);
    }

    private static Response loginFrom(String forwardedFor) {
        return RestAssured.given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body(Map.of("email", uniqueEmail(), "password", PASSWORD)).post("/api/login");
    }

    @Test
    void faceAttemptsPerAddressAreLimitedBeforeAnyInference() {
        for (int i = 0; i < 2; i++) {
            faceVerifyFrom("203.0.113.77").then().statusCode(401).body("code", equalTo("pending_login_invalid"));
        }
        faceVerifyFrom("203.0.113.77").then().statusCode(429).body("code", equalTo("rate_limited"));
        faceVerifyFrom("203.0.113.78").then().statusCode(401);
    }

    private static Response faceVerifyFrom(String forwardedFor) {
        return RestAssured.given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body(Map.of("pending_token", "guessed-guessed-guessed-guessed-guessed-00", "image", "aGVsbG8=")).post("/api/auth/face-verify");
    }

    @Test
    void registrationsPerAddressAreLimitedToo() {
        register("/api/register", uniqueEmail(), PASSWORD).then().statusCode(201);
        register("/api/register", uniqueEmail(), PASSWORD).then().statusCode(201);
        register("/api/auth/register", uniqueEmail(), PASSWORD).then().statusCode(429).body("error", Matchers.notNullValue());
    }
}
