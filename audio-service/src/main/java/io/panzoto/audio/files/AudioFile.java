package io.panzoto.audio.files;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The record of one encrypted recording in S3. */
@Entity
@Table(name = "audio_files")
public class AudioFile extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "s3_key", nullable = false)
    public String s3Key;

    @Column(name = "file_size", nullable = false)
    public long fileSize;

    @Column(name = "format", nullable = false)
    public RecordingFormat format;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Where this platform puts a user's new uploads. */
    public static String prefixOf(UUID userId) {
        return "audio/" + userId + "/";
    }

    /**
     * Every prefix a user's recordings may live under: this platform's, and the Android app's own layout
     * (seed 001: {@code users/<user>/audio-123.3gp}).
     */
    public static List<String> prefixesOf(UUID userId) {
        return List.of(prefixOf(userId), "users/" + userId + "/");
    }

    /** The user's file with this id, or null: another user's file is not found either. */
    public static Uni<AudioFile> ofUser(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    /** The user's file at this key, or null. */
    public static Uni<AudioFile> ofUserAtKey(UUID userId, String s3Key) {
        return find("userId = ?1 and s3Key = ?2", userId, s3Key).firstResult();
    }

    public static Uni<Boolean> registered(UUID userId, String s3Key) {
        return count("userId = ?1 and s3Key = ?2", userId, s3Key).map(count -> count > 0);
    }

    public static Uni<Long> deleteOfUser(UUID userId, UUID id) {
        return delete("id = ?1 and userId = ?2", id, userId);
    }
}
