package io.panzoto.diary;

import static io.restassured.RestAssured.given;

import io.panzoto.testing.TestAuthService;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** A diary user as the apps are: an account at the real auth-service, its token, and for uce its ticket. */
public record DiaryClient(UUID userId, String email, String password, String token, String ticket) {
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
        return new DiaryClient(UUID.fromString(registered.path("user_id")), email, PASSWORD, token, ticket);
    }

    /** A request with the token and, for uce, the ticket. */
    public RequestSpecification request() {
        RequestSpecification request = given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
        return ticket == null ? request : request.header("X-Data-Key-Ticket", ticket);
    }

    public DiaryClient withToken(String newToken) {
        return new DiaryClient(userId, email, password, newToken, ticket);
    }

    public DiaryClient withTicket(String newTicket) {
        return new DiaryClient(userId, email, password, token, newTicket);
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
