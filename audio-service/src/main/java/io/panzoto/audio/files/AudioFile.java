package io.panzoto.audio.files;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
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

    /** Every object of a user lives under this prefix; a user may register keys only there. */
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
}
