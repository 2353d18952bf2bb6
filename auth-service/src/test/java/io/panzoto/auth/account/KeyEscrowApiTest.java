package io.panzoto.auth.account;

import static io.panzoto.auth.AuthApi.PASSWORD;
import static io.panzoto.auth.AuthApi.newAccount;
import static io.panzoto.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.testing.RealInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class KeyEscrowApiTest {

    @Test
    void anE2eUserStoresReadsAndRemovesItsOwnOpaqueEscrow() {
        String bearer = "Bearer " + newAccount().path("token");
        given().header("Authorization", bearer).get("/api/v1/me/key-escrow").then().statusCode(404);
        String blob = Bytes.base64(SecureRandoms.bytes(200));
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("escrow", blob))
                .put("/api/v1/me/key-escrow").then().statusCode(204);
        given().header("Authorization", bearer).get("/api/v1/me/key-escrow").then().statusCode(200).body("escrow", equalTo(blob));
        String otherBearer = "Bearer " + newAccount().path("token");
        given().header("Authorization", otherBearer).get("/api/v1/me/key-escrow").then().statusCode(404);
        // Replacing or deleting the one copy of the user's keys needs more than the access token.
        String replacement = Bytes.base64(SecureRandoms.bytes(100));
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("escrow", replacement))
                .put("/api/v1/me/key-escrow").then().statusCode(401).body("code", equalTo("reauthentication_required"));
        given().header("Authorization", bearer).delete("/api/v1/me/key-escrow").then().statusCode(401);
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", "wrong password"))
                .delete("/api/v1/me/key-escrow").then().statusCode(401).body("code", equalTo("invalid_credentials"));
        given().header("Authorization", bearer).get("/api/v1/me/key-escrow").then().statusCode(200).body("escrow", equalTo(blob));
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("escrow", replacement, "password", PASSWORD))
                .put("/api/v1/me/key-escrow").then().statusCode(204);
        given().header("Authorization", bearer).get("/api/v1/me/key-escrow").then().statusCode(200).body("escrow", equalTo(replacement));
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .delete("/api/v1/me/key-escrow").then().statusCode(204);
        given().header("Authorization", bearer).get("/api/v1/me/key-escrow").then().statusCode(404);
    }

    @Test
    void badEscrowsAndUceAccountsAreRefused() {
        String bearer = "Bearer " + newAccount().path("token");
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("escrow", "***"))
                .put("/api/v1/me/key-escrow").then().statusCode(400);
        given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("escrow", Bytes.base64(new byte[KeyEscrowResource.MAX_BYTES + 1])))
                .put("/api/v1/me/key-escrow").then().statusCode(400);
        Response uce = given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail(), "password", PASSWORD, "tier", "uce"))
                .post("/api/register");
        given().header("Authorization", "Bearer " + uce.path("token")).contentType(ContentType.JSON)
                .body(Map.of("escrow", Bytes.base64(new byte[10]))).put("/api/v1/me/key-escrow").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("escrow", "AAAA")).put("/api/v1/me/key-escrow").then().statusCode(401);
    }
}
