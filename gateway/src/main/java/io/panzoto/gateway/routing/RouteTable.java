package io.panzoto.gateway.routing;

import io.panzoto.gateway.routing.Route.Access;
import io.panzoto.gateway.routing.Route.LimitGroup;
import java.util.List;
import java.util.Optional;

/**
 * Every client route of the platform and its owner (shared/design.md, Client compatibility), most
 * specific first. Routes are part of the client contract, so they live in code, reviewed and tested;
 * where each service runs is configuration.
 */
public final class RouteTable {
    static final String AUTH = "auth-service";
    static final String AUDIO = "audio-service";
    static final String MESSAGING = "messaging-service";
    static final String DIARY = "diary-service";

    private static final List<Route> ROUTES = List.of(
            // auth-service: credentials are public and strictly limited; everything else needs a token.
            new Route("/api/register", AUTH, Access.PUBLIC, LimitGroup.CREDENTIALS, Route.JSON_BODY),
            new Route("/api/login", AUTH, Access.PUBLIC, LimitGroup.CREDENTIALS, Route.JSON_BODY),
            new Route("/api/auth/register", AUTH, Access.PUBLIC, LimitGroup.CREDENTIALS, Route.JSON_BODY),
            new Route("/api/auth/login", AUTH, Access.PUBLIC, LimitGroup.CREDENTIALS, Route.JSON_BODY),
            // Face photos arrive as base64 JSON; face-verify also completes a login (a pending grant, no token yet).
            // auth-service limits face work per address and per account itself (inference is its costliest work).
            new Route("/api/auth/setup-face", AUTH, Access.TOKEN, LimitGroup.DEFAULT, Route.PHOTO_BODY),
            new Route("/api/auth/face-verify", AUTH, Access.PUBLIC, LimitGroup.DEFAULT, Route.PHOTO_BODY),
            new Route("/api/auth/*", AUTH, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/api/v1/auth/refresh", AUTH, Access.PUBLIC, LimitGroup.CREDENTIALS, Route.JSON_BODY),
            new Route("/api/v1/auth/logout", AUTH, Access.PUBLIC, LimitGroup.CREDENTIALS, Route.JSON_BODY),
            new Route("/api/v1/auth/recover", AUTH, Access.PUBLIC, LimitGroup.CREDENTIALS, Route.JSON_BODY),
            new Route("/api/v1/auth/*", AUTH, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/api/v1/me*", AUTH, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/api/v1/keys*", AUTH, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/.well-known/jwks.json", AUTH, Access.PUBLIC, LimitGroup.DEFAULT, 0),
            // audio-service: the Android app's routes and the new ones.
            new Route("/api/user/audio-files", AUDIO, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/api/audio-file", AUDIO, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/api/decrypt-audio", AUDIO, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/api/v1/audio-files/upload", AUDIO, Access.TOKEN, LimitGroup.UPLOAD, Route.UPLOAD_BODY),
            new Route("/api/v1/audio-files*", AUDIO, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/api/v1/transcriptions*", AUDIO, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            // messaging-service: the simplex messenger is anonymous by design; SecureSession needs a token.
            new Route("/register", MESSAGING, Access.PUBLIC, LimitGroup.CREDENTIALS, Route.JSON_BODY),
            new Route("/send", MESSAGING, Access.PUBLIC, LimitGroup.SIMPLEX_SEND, Route.JSON_BODY),
            new Route("/challenge_request", MESSAGING, Access.PUBLIC, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/fetch", MESSAGING, Access.PUBLIC, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/ack", MESSAGING, Access.PUBLIC, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/rotate_link", MESSAGING, Access.PUBLIC, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/rotate_fetch_token", MESSAGING, Access.PUBLIC, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/l/*", MESSAGING, Access.PUBLIC, LimitGroup.DEFAULT, 0),
            new Route("/ws/*", MESSAGING, Access.PUBLIC, LimitGroup.DEFAULT, 0, true),
            new Route("/api/sessions*", MESSAGING, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/api/files/upload", MESSAGING, Access.TOKEN, LimitGroup.UPLOAD, Route.UPLOAD_BODY),
            new Route("/api/files/*", MESSAGING, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            new Route("/api/v1/messaging/*", MESSAGING, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY),
            // diary-service. Facebook's OAuth redirect arrives from the user's browser without a token: the
            // single-use state identifies it.
            new Route("/api/v1/diary/integrations/facebook/callback", DIARY, Access.PUBLIC, LimitGroup.CREDENTIALS, Route.JSON_BODY),
            new Route("/api/v1/diary/media*", DIARY, Access.TOKEN, LimitGroup.UPLOAD, Route.UPLOAD_BODY),
            // A "Download Your Information" posts file runs to hundreds of megabytes; diary-service caps it.
            new Route("/api/v1/diary/imports/facebook-export", DIARY, Access.TOKEN, LimitGroup.UPLOAD, Route.UPLOAD_BODY),
            new Route("/api/v1/diary*", DIARY, Access.TOKEN, LimitGroup.DEFAULT, Route.JSON_BODY));

    private RouteTable() {
    }

    public static Optional<Route> find(String path) {
        for (Route route : ROUTES) { // a plain loop: this runs for every request
            if (route.matches(path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public static List<Route> all() {
        return ROUTES;
    }
}
