package io.panzoto.audio.users;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event already applied: consumers skip it when it is delivered again. */
@Entity
@Table(name = "processed_events")
public class ProcessedEvent extends PanacheEntityBase {
    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;
}
