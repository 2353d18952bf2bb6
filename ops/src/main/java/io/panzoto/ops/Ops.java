package io.panzoto.ops;

import io.panzoto.ops.dlq.DeadLetterCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operators' command line: {@code java -jar ops.jar dlq list}. */
@Command(name = "ops", mixinStandardHelpOptions = true, version = "panzoto ops 0.1.0",
        description = "Operate the Panzoto platform's Kafka topics.", subcommands = DeadLetterCommand.class)
public final class Ops {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command tree, for the launcher and for tests that capture its output. */
    public static CommandLine commandLine() {
        return new CommandLine(new Ops()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
