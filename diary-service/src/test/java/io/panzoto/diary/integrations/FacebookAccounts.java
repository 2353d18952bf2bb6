package io.panzoto.diary.integrations;

import static io.restassured.RestAssured.given;

import io.panzoto.diary.DiaryClient;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Connects a diary user's Facebook account through the real flow against the Graph stub. */
public final class FacebookAccounts {
    private FacebookAccounts() {
    }

    /** Connect, the "user" approving the dialog, the callback: answers the account's id at Facebook. */
    public static String connect(DiaryClient client) {
        Response started = client.request().post("/api/v1/diary/integrations/facebook/connect");
        started.then().statusCode(200);
        Map<String, String> dialog = query(started.path("authorize_url"));
        String code = GraphApiStub.start().authorize(dialog.get("code_challenge"));
        Response connected = given().queryParam("state", dialog.get("state")).queryParam("code", code)
                .get("/api/v1/diary/integrations/facebook/callback");
        connected.then().statusCode(200);
        return connected.path("external_id");
    }

    static Map<String, String> query(String url) {
        Map<String, String> query = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
