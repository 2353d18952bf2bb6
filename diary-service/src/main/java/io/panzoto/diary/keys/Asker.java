package io.panzoto.diary.keys;

import java.util.UUID;

/**
 * Who asks: the verified user, the login session and tier their token states, and the data-key ticket
 * their request carried.
 */
public record Asker(UUID userId, UUID sessionId, String tier, String ticket) {
    public boolean uce() {
        return "uce".equals(tier);
    }

    @Override
    public String toString() {
        return "Asker[" + userId + ", " + tier + "]";
    }
}
