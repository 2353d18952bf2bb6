package io.panzoto.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.gateway.routing.Route.Access;
import io.panzoto.gateway.routing.Route.LimitGroup;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every client route of shared/design.md (Client compatibility) and the /api/v1 ones: owner, access, limits. */
class RouteTableTest {

    @ParameterizedTest(name = "{0} -> {1}, {2}, {3}")
    @CsvSource({
            // Android voice-notes app
            "/api/register, auth-service, PUBLIC, CREDENTIALS",
            "/api/login, auth-service, PUBLIC, CREDENTIALS",
            "/api/user/audio-files, audio-service, TOKEN, DEFAULT",
            "/api/audio-file, audio-service, TOKEN, DEFAULT",
            "/api/decrypt-audio, audio-service, TOKEN, DEFAULT",
            // Flutter simplex messenger: anonymous by design
            "/register, messaging-service, PUBLIC, CREDENTIALS",
            "/send, messaging-service, PUBLIC, SIMPLEX_SEND",
            "/challenge_request, messaging-service, PUBLIC, DEFAULT",
            "/fetch, messaging-service, PUBLIC, DEFAULT",
            "/ack, messaging-service, PUBLIC, DEFAULT",
            "/l/link-token, messaging-service, PUBLIC, DEFAULT",
            // SecureSession client
            "/api/auth/register, auth-service, PUBLIC, CREDENTIALS",
            "/api/auth/login, auth-service, PUBLIC, CREDENTIALS",
            "/api/auth/profile, auth-service, TOKEN, DEFAULT",
            "/api/auth/setup-face, auth-service, TOKEN, DEFAULT",
            "/api/auth/face-verify, auth-service, PUBLIC, DEFAULT",
            "/api/sessions, messaging-service, TOKEN, DEFAULT",
            "/api/sessions/s1/messages, messaging-service, TOKEN, DEFAULT",
            "/api/files/upload, messaging-service, TOKEN, UPLOAD",
            "/api/files/f1/download, messaging-service, TOKEN, DEFAULT",
            "/api/files/f1, messaging-service, TOKEN, DEFAULT",
            // New capabilities under /api/v1
            "/.well-known/jwks.json, auth-service, PUBLIC, DEFAULT",
            "/api/v1/auth/refresh, auth-service, PUBLIC, CREDENTIALS",
            "/api/v1/auth/logout, auth-service, PUBLIC, CREDENTIALS",
            "/api/v1/auth/recover, auth-service, PUBLIC, CREDENTIALS",
            "/api/v1/auth/logout-all, auth-service, TOKEN, DEFAULT",
            "/api/v1/me, auth-service, TOKEN, DEFAULT",
            "/api/v1/me/key-escrow, auth-service, TOKEN, DEFAULT",
            "/api/v1/keys/u1/history, auth-service, TOKEN, DEFAULT",
            "/api/v1/audio-files, audio-service, TOKEN, DEFAULT",
            "/api/v1/audio-files/upload, audio-service, TOKEN, UPLOAD",
            "/api/v1/audio-files/upload-url, audio-service, TOKEN, DEFAULT",
            "/api/v1/transcriptions/j1, audio-service, TOKEN, DEFAULT",
            "/api/v1/diary/entries/e1/versions, diary-service, TOKEN, DEFAULT",
            "/api/v1/diary/media/m1, diary-service, TOKEN, UPLOAD",
            "/api/v1/diary/usage, diary-service, TOKEN, DEFAULT",
            "/api/v1/diary/integrations/facebook/connect, diary-service, TOKEN, DEFAULT",
            "/api/v1/diary/integrations/facebook/callback, diary-service, PUBLIC, CREDENTIALS",
            "/api/v1/diary/imports/facebook-export, diary-service, TOKEN, UPLOAD",
            "/api/v1/diary/imports, diary-service, TOKEN, DEFAULT",
            "/api/v1/diary/integrations/facebook/publish, diary-service, TOKEN, DEFAULT",
            "/ws/sessions/s1, messaging-service, PUBLIC, DEFAULT"})
    void eachClientRouteHasItsOwnerAccessAndLimits(String path, String service, Access access, LimitGroup group) {
        Route route = RouteTable.find(path).orElseThrow(() -> new AssertionError("no route for " + path));
        assertEquals(service, route.service(), path);
        assertEquals(access, route.access(), path);
        assertEquals(group, route.limitGroup(), path);
        long limit = group == LimitGroup.UPLOAD ? Route.UPLOAD_BODY : path.matches(".*/(setup-face|face-verify)") ? Route.PHOTO_BODY : Route.JSON_BODY;
        assertEquals(limit, route.maxBodyBytes() == 0 ? limit : route.maxBodyBytes(), path);
        assertEquals(path.startsWith("/ws/"), route.webSocket(), path + ": only /ws/* takes WebSocket upgrades");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api", "/api/v1", "/q/metrics", "/q/health", "/api/v1/meeting", "/api/v1/keysmith",
            "/api/v1/diaryx", "/api/sessionsx", "/sendx", "/internal/admin"})
    void anythingElseHasNoRoute(String path) {
        assertEquals(Optional.empty(), RouteTable.find(path), path);
    }
}
