package io.panzoto.auth;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;

/** Helpers the auth tests share: unique accounts, register and login over HTTP. */
public final class AuthApi {
    public static final String PASSWORD = "correct horse battery staple";

    private AuthApi() {
    }

    public static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.org";
    }

    public static Response register(String path, String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password)).post(path);
    }

    public static Response login(String path, String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password)).post(path);
    }

    /** Registers a fresh account through the Android route and returns the response body. */
    public static Response newAccount() {
        Response response = register("/api/register", uniqueEmail(), PASSWORD);
        response.then().statusCode(201);
        return response;
    }
}
