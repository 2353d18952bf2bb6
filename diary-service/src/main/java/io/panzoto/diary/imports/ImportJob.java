package io.panzoto.diary.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One import and its progress: what was read, imported, found already there, skipped or refused. */
@Entity
@Table(name = "import_jobs")
public class ImportJob extends PanacheEntityBase {
    public static final String GRAPH = "graph";
    public static final String EXPORT = "export";

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public String kind;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(nullable = false)
    public String status;

    public int pages;

    @Column(name = "posts_seen")
    public int postsSeen;

    public int imported;

    public int duplicates;

    public int skipped;

    public int failed;

    public int retries;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public boolean finished() {
        return "succeeded".equals(status) || "failed".equals(status);
    }

    public static Uni<ImportJob> ofUser(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    public static Uni<List<ImportJob>> newestOf(UUID userId, int size) {
        return find("userId = ?1 order by createdAt desc, id desc", userId).page(0, size).list();
    }

    /** A job as its owner sees it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(@JsonProperty("id") String id, @JsonProperty("provider") String provider, @JsonProperty("kind") String kind,
                       @JsonProperty("requested_by") String requestedBy, @JsonProperty("status") String status,
                       @JsonProperty("pages") int pages, @JsonProperty("posts_seen") int postsSeen,
                       @JsonProperty("imported") int imported, @JsonProperty("duplicates") int duplicates,
                       @JsonProperty("skipped") int skipped, @JsonProperty("failed") int failed,
                       @JsonProperty("retries") int retries, @JsonProperty("failure_reason") String failureReason,
                       @JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt,
                       @JsonProperty("finished_at") Instant finishedAt) {
        public static View of(ImportJob job) {
            return new View(job.id.toString(), job.provider, job.kind, job.requestedBy, job.status, job.pages, job.postsSeen,
                    job.imported, job.duplicates, job.skipped, job.failed, job.retries, job.failureReason, job.createdAt,
                    job.updatedAt, job.finishedAt);
        }
    }

    @Override
    public String toString() {
        return "ImportJob[" + id + ", " + kind + ", " + status + "]";
    }
}
