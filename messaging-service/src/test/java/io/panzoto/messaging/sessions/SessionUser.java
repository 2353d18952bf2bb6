package io.panzoto.messaging.sessions;

import static io.restassured.RestAssured.given;

import io.panzoto.testing.TestAuthService;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** A user signed up at the real auth-service, calling messaging-service with its access token. */
public record SessionUser(UUID id, String token) {
    static final String PASSWORD = "a long session pass phrase";

    public static SessionUser signUp() {
        Response registered = given().baseUri(TestAuthService.start()).contentType(ContentType.JSON)
                .body(Map.of("email", "session-" + UUID.randomUUID() + "@example.org", "password", PASSWORD))
                .post("/api/register");
        registered.then().statusCode(201);
        return new SessionUser(UUID.fromString(registered.path("user_id")), registered.path("token"));
    }

    public RequestSpecification request() {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
