package io.panzoto.auth.face;

import io.panzoto.auth.account.AuthResponse;
import io.panzoto.auth.account.DataKeyTickets;
import io.panzoto.auth.account.Sessions;
import io.panzoto.auth.config.AuthConfig;
import io.panzoto.auth.security.LoginThrottle;
import io.panzoto.auth.token.AccessTokens;
import io.panzoto.auth.user.PasswordLockout;
import io.panzoto.auth.user.User;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.token.Tokens;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Face enrolment, step-up and the login's second factor. Inference runs before any transaction opens
 * (no connection or row lock is held through it); the account row is then locked, so concurrent
 * attempts queue and every failed face counts towards the account's lockout as a wrong password does.
 */
@ApplicationScoped
public class FaceService {
    private static final Logger LOG = Logger.getLogger(FaceService.class);
    private final FaceEngine engine;
    private final FaceTemplates templates;
    private final PasswordLockout lockout;
    private final LoginThrottle throttle;
    private final AccessTokens accessTokens;
    private final Sessions sessions;
    private final Tokens tokenHasher;
    private final AuthConfig.Face config;

    public FaceService(FaceEngine engine, FaceTemplates templates, PasswordLockout lockout, LoginThrottle throttle,
                       AccessTokens accessTokens, Sessions sessions, Tokens tokenHasher, AuthConfig config) {
        this.engine = engine;
        this.templates = templates;
        this.lockout = lockout;
        this.throttle = throttle;
        this.accessTokens = accessTokens;
        this.sessions = sessions;
        this.tokenHasher = tokenHasher;
        this.config = config.face();
    }

    /** Analyses every photo, then (password confirmed) stores their template, replacing any earlier one. */
    public Uni<Outcome<FaceRequests.Enrolled>> enrol(UUID userId, FaceRequests.Enrolment request) {
        if (request == null || request.password() == null || request.password().isEmpty()) {
            throw ApiException.badRequest("missing_fields", "password and image are required");
        }
        List<byte[]> photos = request.photos(config.maxPhotos());
        boolean loginFactor = Boolean.TRUE.equals(request.loginSecondFactor());
        return analyseAll(photos).chain(analyses -> {
            List<Double> liveness = new ArrayList<>();
            for (int i = 0; i < analyses.size(); i++) {
                FacePipeline.Analysis analysis = analyses.get(i);
                if (analysis.liveness() < config.livenessThreshold()) {
                    throw ApiException.badRequest("liveness_failed",
                            "photo " + (i + 1) + " did not pass the liveness check; take a photo of your face, not of a picture");
                }
                liveness.add(round(analysis.liveness()));
                for (int j = 0; j < i; j++) {
                    if (FacePipeline.similarity(analysis.embedding(), analyses.get(j).embedding()) < config.matchThreshold()) {
                        throw ApiException.badRequest("faces_differ", "photos " + (j + 1) + " and " + (i + 1) + " do not show the same person");
                    }
                }
            }
            byte[] sealed = templates.seal(userId, FaceTemplates.average(analyses.stream().map(FacePipeline.Analysis::embedding).toList()));
            return Panache.withTransaction(() -> lockout.lockedAccount(userId).chain(user ->
                    lockout.verify(user, request.password(), "the password is wrong").chain(verified -> {
                        if (verified.error() != null) {
                            return Uni.createFrom().item(Outcome.<FaceRequests.Enrolled>failed(verified.error()));
                        }
                        return FaceTemplate.of(userId).chain(existing -> {
                            Instant now = Instant.now();
                            FaceTemplate row = existing != null ? existing : new FaceTemplate();
                            if (existing == null) {
                                row.userId = userId;
                                row.createdAt = now;
                            }
                            row.template = sealed;
                            row.photos = (short) photos.size();
                            row.loginFactor = loginFactor;
                            row.updatedAt = now;
                            return row.persist().replaceWith(Outcome.ok(new FaceRequests.Enrolled(true, photos.size(), liveness, loginFactor)));
                        });
                    })));
        });
    }

    /** Removes the template (password confirmed) and any login waiting for a face. */
    public Uni<Outcome<Void>> remove(UUID userId, String password) {
        if (password == null || password.isEmpty()) {
            throw ApiException.badRequest("missing_fields", "password is required");
        }
        return Panache.withTransaction(() -> lockout.lockedAccount(userId).chain(user ->
                lockout.verify(user, password, "the password is wrong").chain(verified -> {
                    if (verified.error() != null) {
                        return Uni.createFrom().item(Outcome.<Void>failed(verified.error()));
                    }
                    return FaceLoginGrant.delete("userId", userId)
                            .chain(() -> FaceTemplate.delete("userId", userId))
                            .map(deleted -> deleted == 0 ? Outcome.<Void>failed(ApiException.notFound("no face is enrolled"))
                                    : Outcome.<Void>ok(null));
                })));
    }

    /** A signed-in user's face check; a match answers a short-lived token whose {@code amr} includes {@code face}. */
    public Uni<FaceRequests.Verified> stepUp(UUID userId, UUID sessionId, byte[] photo) {
        return engine.analyse(photo).chain(analysis -> Panache.withTransaction(() -> lockout.lockedAccount(userId).chain(user -> {
            lockout.requireUnlocked(user);
            return enrolled(userId).map(template -> {
                Verdict verdict = judge(template, analysis);
                if (!verdict.match()) {
                    lockout.recordFailedFactor(user);
                    return new FaceRequests.Verified(false, verdict.score(), verdict.liveness(), null, null, null);
                }
                AccessTokens.Issued token = accessTokens.issueFaceStepUp(userId, sessionId, user.tier);
                return new FaceRequests.Verified(true, verdict.score(), verdict.liveness(), token.token(), "Bearer", token.expiresInSeconds());
            });
        })));
    }

    /**
     * Password login's second factor: for an account with the face factor on, login answers a pending
     * grant instead of tokens. Called inside login's transaction, the account row locked, after the
     * password verified. The password's success does not clear the account's failure count here (it is
     * restored to {@code failuresBefore}): else signing in again would reset the face misses, and a
     * holder of the password could guess faces without ever reaching the lockout.
     */
    public Uni<Optional<FaceRequests.FaceRequired>> pendingLogin(User user, int failuresBefore, UUID sessionId,
                                                                 Optional<DataKeyTickets.Issued> ticket) {
        return FaceTemplate.of(user.id).chain(template -> {
            if (template == null || !template.loginFactor) {
                return Uni.createFrom().item(Optional.empty());
            }
            user.failedLogins = failuresBefore;
            String token = Tokens.generate();
            Instant now = Instant.now();
            FaceLoginGrant grant = new FaceLoginGrant();
            grant.tokenHash = tokenHasher.storageHash(token);
            grant.userId = user.id;
            grant.sessionId = sessionId;
            grant.dataKeyTicket = ticket.map(DataKeyTickets.Issued::ticket).orElse(null);
            grant.ticketExpiresAt = ticket.map(DataKeyTickets.Issued::expiresAt).orElse(null);
            grant.attemptsLeft = (short) config.pendingLoginAttempts();
            grant.expiresAt = now.plus(config.pendingLoginTtl());
            return FaceLoginGrant.deleteExpired(now).chain(grant::persist)
                    .replaceWith(Optional.of(new FaceRequests.FaceRequired(true, token, config.pendingLoginTtl().toSeconds())));
        });
    }

    /**
     * Completes a pending login with the face: tokens (and a uce account's ticket) on a match; a miss
     * spends one of the grant's attempts and counts towards the account's lockout and the address's throttle.
     */
    public Uni<Outcome<FaceRequests.LoginCompleted>> completeLogin(String pendingToken, byte[] photo, String clientKey) {
        String hash = Tokens.canonical(pendingToken).map(tokenHasher::storageHash)
                .orElseThrow(() -> ApiException.unauthorized("pending_login_invalid", "the pending login is invalid or has expired"));
        // Checked before the photo is analysed, so a made-up token costs no inference.
        return Panache.withSession(() -> FaceLoginGrant.<FaceLoginGrant>findById(hash)).invoke(FaceService::requireLive)
                .chain(() -> engine.analyse(photo))
                .chain(analysis -> Panache.withTransaction(() -> FaceLoginGrant.byHashLocked(hash).chain(grant -> {
                    requireLive(grant);
                    return lockout.lockedAccount(grant.userId).chain(user -> {
                        lockout.requireUnlocked(user);
                        return enrolled(user.id).chain(template -> {
                            Verdict verdict = judge(template, analysis);
                            if (!verdict.match()) {
                                lockout.recordFailedFactor(user);
                                throttle.failed(user.email, clientKey, true);
                                grant.attemptsLeft--;
                                Uni<Void> spent = grant.attemptsLeft <= 0 ? grant.delete() : Uni.createFrom().voidItem();
                                return spent.replaceWith(Outcome.<FaceRequests.LoginCompleted>failed(
                                        ApiException.unauthorized("face_mismatch", "the face did not match; " + Math.max(grant.attemptsLeft, 0) + " attempts left")));
                            }
                            // The login is complete only now: the failures the password step kept are cleared here.
                            user.failedLogins = 0;
                            Optional<DataKeyTickets.Issued> ticket = Optional.ofNullable(grant.dataKeyTicket)
                                    .map(t -> new DataKeyTickets.Issued(t, grant.ticketExpiresAt));
                            return grant.delete().chain(() -> sessions.seedClient(user, grant.sessionId))
                                    .map(response -> Outcome.ok(new FaceRequests.LoginCompleted(true, verdict.score(), verdict.liveness(),
                                            response.withTicket(ticket))));
                        });
                    });
                })));
    }

    /** Whether this account turned the face factor on: then credential changes demand a face step-up (FaceStepUp). */
    public Uni<Boolean> requiresFace(UUID userId) {
        return Panache.withSession(() -> FaceTemplate.of(userId)).map(template -> template != null && template.loginFactor);
    }

    private record Verdict(boolean match, double score, double liveness) {
    }

    private Verdict judge(float[] template, FacePipeline.Analysis analysis) {
        double score = FacePipeline.similarity(template, analysis.embedding());
        boolean match = score >= config.matchThreshold() && analysis.liveness() >= config.livenessThreshold();
        return new Verdict(match, round(score), round(analysis.liveness()));
    }

    private Uni<float[]> enrolled(UUID userId) {
        return FaceTemplate.of(userId).map(row -> {
            if (row == null) {
                throw ApiException.conflict("face_not_enrolled", "no face is enrolled for this account (POST /api/auth/setup-face)");
            }
            try {
                return templates.open(userId, row.template);
            } catch (CryptoException unreadable) {
                // Not this account's template (moved, altered, or sealed under a key since replaced).
                LOG.errorf("the face template of %s does not open; the user must enrol again", userId);
                throw ApiException.conflict("face_reenrolment_required", "the enrolled face cannot be used; enrol again (POST /api/auth/setup-face)");
            }
        });
    }

    private static void requireLive(FaceLoginGrant grant) {
        if (grant == null || grant.expiresAt.isBefore(Instant.now())) {
            throw ApiException.unauthorized("pending_login_invalid", "the pending login is invalid or has expired");
        }
    }

    /** Photos one after another on the bounded workers (an enrolment is at most a few). */
    private Uni<List<FacePipeline.Analysis>> analyseAll(List<byte[]> photos) {
        Uni<List<FacePipeline.Analysis>> all = Uni.createFrom().item(new ArrayList<>());
        for (int i = 0; i < photos.size(); i++) {
            int index = i;
            all = all.chain(done -> engine.analyse(photos.get(index))
                    .onFailure(ApiException.class).transform(e -> numbered((ApiException) e, index, photos.size()))
                    .map(analysis -> {
                        done.add(analysis);
                        return done;
                    }));
        }
        return all;
    }

    private static ApiException numbered(ApiException e, int index, int count) {
        return count == 1 ? e : new ApiException(e.status(), e.code(), "photo " + (index + 1) + ": " + e.getMessage());
    }

    /** Scores are answered to two decimals: enough for a client, less for anyone hill-climbing a forged photo. */
    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
