package io.panzoto.infra;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code deploy/topics.txt}: name, partitions, retention in hours (-1 keeps forever).
 * Every topic has a dead-letter twin {@code <name>.dlq}.
 */
public record TopicSpec(String name, int partitions, Duration retention) {
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    public String deadLetterName() {
        return name + ".dlq";
    }

    /** The topic list packaged in this jar from deploy/topics.txt. */
    public static List<TopicSpec> platformTopics() {
        return parse(new String(InfraClasspath.resource("panzoto/topics.txt"), StandardCharsets.UTF_8));
    }

    static List<TopicSpec> parse(String text) {
        List<TopicSpec> topics = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            String content = line.replaceAll("#.*", "").trim();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+");
            if (fields.length != 3) {
                throw new IllegalArgumentException("topics.txt line " + lineNumber + ": want name, partitions, retention hours");
            }
            long hours = Long.parseLong(fields[2]);
            topics.add(new TopicSpec(fields[0], Integer.parseInt(fields[1]), hours < 0 ? null : Duration.ofHours(hours)));
        }
        return topics;
    }
}
