package io.panzoto.platform.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A uce diary user through the gateway only: sign up (the answer carries the data-key ticket), write,
 * read, search and verify an entry with the ticket; without it the diary stays shut; a second sign-in's
 * ticket opens the same diary.
 */
class DiaryFlowIT {
    private static final String PASSWORD = "a long diary pass phrase";

    @BeforeAll
    static void platform() {
        RestAssured.baseURI = Platform.gateway();
    }

    @Test
    void aUceDiaryIsWrittenAndReadThroughTheGatewayOnlyWithItsTicket() {
        String email = "diary-" + UUID.randomUUID() + "@example.org";
        Response registered = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD, "tier", "uce"))
                .post("/api/register");
        registered.then().statusCode(201).body("data_key_ticket", notNullValue());
        String token = registered.path("token");
        String ticket = registered.path("data_key_ticket");

        String id = diary(token, ticket).body(Map.of("content", "A quiet morning by the lake #calm")).post("/api/v1/diary/entries")
                .then().statusCode(201).extract().path("id");
        diary(token, ticket).get("/api/v1/diary/entries/" + id).then().statusCode(200)
                .body("content", equalTo("A quiet morning by the lake #calm"));
        diary(token, ticket).get("/api/v1/diary/entries/search?q=lakes").then().statusCode(200).body("entries.id", equalTo(List.of(id)));
        diary(token, ticket).get("/api/v1/diary/entries/" + id + "/verify").then().statusCode(200).body("verified", equalTo(true));
        diary(token, null).get("/api/v1/diary/entries/" + id).then().statusCode(401).body("code", equalTo("data_key_ticket_required"));
        given().get("/api/v1/diary/entries").then().statusCode(401);

        Response login = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD)).post("/api/login");
        login.then().statusCode(200);
        diary(login.path("token"), login.path("data_key_ticket")).get("/api/v1/diary/entries").then().statusCode(200)
                .body("entries", hasSize(1)).body("entries[0].content", equalTo("A quiet morning by the lake #calm"));
    }

    @Test
    void aFacebookExportLargerThanAJsonBodyIsImportedThroughTheGatewayAndDeliveredAtTheNextList() {
        Response registered = given().contentType(ContentType.JSON)
                .body(Map.of("email", "export-" + UUID.randomUUID() + "@example.org", "password", PASSWORD, "tier", "uce")).post("/api/register");
        String token = registered.path("token");
        String ticket = registered.path("data_key_ticket");
        StringBuilder export = new StringBuilder("[");
        for (int i = 0; i < 2_000; i++) {
            export.append(i == 0 ? "" : ",").append("{\"timestamp\": ").append(1_500_000_000L + 86_400L * i)
                    .append(", \"data\": [{\"post\": \"Day ").append(i).append(" at the allotment: ").append("beans ".repeat(40)).append("\"}]}");
        }
        export.append(']');
        byte[] body = export.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(body.length > 256 * 1024, "over the gateway's JSON limit");
        diary(token, ticket).body(body).post("/api/v1/diary/imports/facebook-export").then().statusCode(201)
                .body("status", equalTo("succeeded")).body("imported", equalTo(2_000));
        diary(token, null).get("/api/v1/diary/imports").then().statusCode(200).body("waiting", equalTo(2_000));
        diary(token, ticket).get("/api/v1/diary/entries?source=facebook&limit=5").then().statusCode(200)
                .body("entries", hasSize(5)).body("entries[0].content", org.hamcrest.Matchers.startsWith("Day 1999 at the allotment"));
        diary(token, null).get("/api/v1/diary/imports").then().statusCode(200).body("waiting", equalTo(1_800));
        diary(token, ticket).post("/api/v1/diary/imports/deliver").then().statusCode(200).body("delivered", equalTo(1_800))
                .body("waiting", equalTo(0));
        diary(token, ticket).get("/api/v1/diary/entries/search?q=allotment&limit=100").then().statusCode(200).body("entries", hasSize(100));
    }

    private static RequestSpecification diary(String token, String ticket) {
        var request = given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
        return ticket == null ? request : request.header("X-Data-Key-Ticket", ticket);
    }
}
