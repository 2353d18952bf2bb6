package io.panzoto.diary.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code diary.import-requested}: an import job to run (by the user's request or the scheduled sync).
 * Ids only: the provider's token stays sealed in the database; keyed by the user id, so one user's
 * imports run in order.
 */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record ImportRequested(@JsonProperty("job_id") String jobId, @JsonProperty("user_id") String userId,
                              @JsonProperty("provider") String provider, @JsonProperty("requested_by") String requestedBy) {
    public static final String TOPIC = "diary.import-requested";
    public static final String TYPE = "diary.import-requested";
    public static final int SCHEMA_VERSION = 1;
}
