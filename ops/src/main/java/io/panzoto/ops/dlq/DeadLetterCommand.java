package io.panzoto.ops.dlq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.panzoto.ops.KafkaConnection;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ops dlq list|show|replay|purge}: the dead-letter topics, worked from a terminal. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Dead-letter topics: list, show, replay, purge.",
        subcommands = {DeadLetterCommand.ListTopics.class, DeadLetterCommand.ShowRecord.class, DeadLetterCommand.ReplayRecords.class,
                DeadLetterCommand.PurgeRecords.class})
public final class DeadLetterCommand {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Partition and offset, together: one record (or, for purge, a prefix of one partition). */
    static final class At {
        @Option(names = "--partition", required = true, description = "The partition.")
        int partition;

        @Option(names = "--offset", description = "The offset (purge: up to and including it).")
        Long offset;

        DeadLetterTopics.Selection selection() {
            return new DeadLetterTopics.Selection(partition, offset);
        }
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        KafkaConnection kafka;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() {
            try (DeadLetterTopics topics = new DeadLetterTopics(kafka.config())) {
                return run(topics);
            } catch (IllegalArgumentException | IllegalStateException | KafkaException e) {
                String cause = e.getCause() != null && e.getCause().getMessage() != null && !e.getMessage().contains(e.getCause().getMessage())
                        ? " (" + e.getCause().getMessage() + ")" : "";
                spec.commandLine().getErr().println("ops: " + e.getMessage() + cause);
                return 2;
            }
        }

        abstract int run(DeadLetterTopics topics);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Without a topic: every .dlq topic and its depth. With one: its records, one line each.")
    static final class ListTopics extends Base {
        @Parameters(arity = "0..1", paramLabel = "TOPIC", description = "A dead-letter topic, e.g. auth.user-deleted.dlq.")
        String topic;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many records (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(DeadLetterTopics topics) {
            if (topic == null) {
                out().printf("%-45s %10s%n", "TOPIC", "RECORDS");
                topics.depths().forEach(depth -> out().printf("%-45s %10d%n", depth.topic(), depth.records()));
                return 0;
            }
            out().printf("%-9s %-10s %-24s %-28s %-36s %s%n", "PARTITION", "OFFSET", "PARKED", "TYPE", "KEY", "REASON");
            for (DeadLetter letter : topics.read(topic, DeadLetterTopics.Selection.ALL, limit)) {
                out().printf("%-9d %-10d %-24s %-28s %-36s %s%n", letter.partition(), letter.offset(),
                        Instant.ofEpochMilli(letter.timestamp()), letter.eventType(MAPPER), letter.key(), oneLine(letter.reason()));
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One record as JSON: headers and reason, the value with anything secret-looking redacted.")
    static final class ShowRecord extends Base {
        @Parameters(paramLabel = "TOPIC")
        String topic;

        @ArgGroup(exclusive = false, multiplicity = "1")
        At at;

        @Override
        int run(DeadLetterTopics topics) {
            if (at.offset == null) {
                throw new IllegalArgumentException("show needs --offset");
            }
            List<DeadLetter> letters = topics.read(topic, at.selection(), 1);
            if (letters.isEmpty()) {
                throw new IllegalArgumentException("no record at " + topic + "/" + at.partition + "/" + at.offset);
            }
            try {
                out().println(MAPPER.writeValueAsString(letters.get(0).shown(MAPPER)));
            } catch (Exception e) {
                throw new IllegalStateException("could not print the record", e);
            }
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Send records back to the topic they came from (consumers apply an event once, so a replay is safe).")
    static final class ReplayRecords extends Base {
        @Parameters(paramLabel = "TOPIC")
        String topic;

        @ArgGroup(exclusive = false)
        At at;

        @Override
        int run(DeadLetterTopics topics) {
            DeadLetterTopics.Replayed replayed = topics.replay(topic, at == null ? DeadLetterTopics.Selection.ALL : at.selection());
            out().printf("replayed %d record(s) from %s%n", replayed.sent(), topic);
            for (DeadLetter refused : replayed.refused()) {
                out().printf("not replayed %d/%d: a secret was removed before parking; the client must ask again%n",
                        refused.partition(), refused.offset());
            }
            return 0;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Delete records: the whole topic, or one partition up to and including --offset. Needs --yes.")
    static final class PurgeRecords extends Base {
        @Parameters(paramLabel = "TOPIC")
        String topic;

        @ArgGroup(exclusive = false)
        At at;

        @Option(names = "--yes", description = "Really delete (without it, nothing is deleted).")
        boolean yes;

        @Override
        int run(DeadLetterTopics topics) {
            DeadLetterTopics.Selection selection = at == null ? DeadLetterTopics.Selection.ALL : at.selection();
            if (!yes) {
                int count = topics.read(topic, selection.offset() == null ? selection : new DeadLetterTopics.Selection(selection.partition(), null),
                        Integer.MAX_VALUE).stream().filter(letter -> selection.offset() == null || letter.offset() <= selection.offset())
                        .toList().size();
                out().printf("would purge %d record(s) from %s; run again with --yes%n", count, topic);
                return 1;
            }
            out().printf("purged %d record(s) from %s%n", topics.purge(topic, selection), topic);
            return 0;
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
