package io.panzoto.diary;

import static io.restassured.RestAssured.given;

import io.panzoto.testing.TestAuthService;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/**
 * A diary user's session as the apps hold it: an account at the real auth-service, the session's access
 * and refresh tokens, and for uce its data-key ticket.
 */
public record DiaryClient(UUID userId, String email, String password, String token, String refreshToken, String ticket) {
    public static final String PASSWORD = "a long diary pass phrase";

    /** Signs up at auth-service with the tier; a uce client also asks for its data-key ticket. */
    public static DiaryClient register(String tier) {
        String email = "diary-" + UUID.randomUUID() + "@example.org";
        Response registered = given().baseUri(TestAuthService.start()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "tier", tier)).post("/api/register");
        registered.then().statusCode(201);
        String token = registered.path("token");
        String ticket = null;
        if ("uce".equals(tier)) {
            Response issued = given().baseUri(TestAuthService.start()).header("Authorization", "Bearer " + token)
                    .contentType(ContentType.JSON).body(Map.of("password", PASSWORD)).post("/api/v1/auth/data-key-ticket");
            issued.then().statusCode(200);
            ticket = issued.path("data_key_ticket");
        }
        return new DiaryClient(UUID.fromString(registered.path("user_id")), email, PASSWORD, token, registered.path("refresh_token"), ticket);
    }

    /** Signs in again: a session of its own (uce: the sign-in's own ticket). */
    public DiaryClient signIn() {
        Response login = given().baseUri(TestAuthService.start()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password)).post("/api/login");
        login.then().statusCode(200);
        return new DiaryClient(userId, email, password, login.path("token"), login.path("refresh_token"), login.path("data_key_ticket"));
    }

    /** A request with the token and, for uce, the ticket. */
    public RequestSpecification request() {
        RequestSpecification request = given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
        return ticket == null ? request : request.header("X-Data-Key-Ticket", ticket);
    }

    public DiaryClient withToken(String newToken) {
        return new DiaryClient(userId, email, password, newToken, refreshToken, ticket);
    }

    public DiaryClient withTicket(String newTicket) {
        return new DiaryClient(userId, email, password, token, refreshToken, newTicket);
    }

    /** Writes a uce entry; answers its id. */
    public String write(String content) {
        return write(Map.of("content", content, "entry_date", "2026-11-30"));
    }

    /** Writes an entry as this body; answers its id. */
    public String write(Map<String, ?> body) {
        return request().body(body).post("/api/v1/diary/entries").then().statusCode(201).extract().path("id");
    }
}
