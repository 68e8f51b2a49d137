package org.custos.release.tool;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code review}, {@code approve} and {@code reject}: a custodian reviewer's verdict with findings. */
final class ReviewCommands {
    private ReviewCommands() {
    }

    abstract static class Base extends GateCall {
        @Parameters(index = "0", paramLabel = "ID", description = "the release id (rel-...)")
        String id;

        @Option(names = "--findings", description = "what the review found (kept inside the boundary)")
        String findings;

        @Option(names = "--findings-file", description = "read the findings from FILE")
        Path findingsFile;

        abstract String verdict();

        String reason() {
            return null;
        }

        @Override
        int run(GateClient client, PrintWriter out) throws GateClient.Failure {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("verdict", verdict());
            try {
                body.put("findings", findingsFile != null ? Files.readString(findingsFile)
                        : findings == null ? "" : findings);
            } catch (IOException e) {
                throw new GateClient.Failure("cannot read " + findingsFile + ": " + e.getMessage(), ToolExit.USAGE);
            }
            if (reason() != null) {
                body.put("reason", reason());
            }
            var release = client.post("v1/releases/" + id + "/reviews", body);
            out.println(verdict() + "d " + id + ": now " + release.path("state").asText());
            Show.release(release, out);
            return ToolExit.OK;
        }
    }

    @Command(name = "review", mixinStandardHelpOptions = true,
            description = "Record a verdict on a release (CUSTODIAN_APPROVER; never your own submission).")
    static final class Review extends Base {
        @Option(names = "--verdict", required = true, description = "approve or reject")
        String verdict;

        @Option(names = "--reason", description = "for a rejection: a reason code (default review-rejected)")
        String reason;

        @Override
        String verdict() {
            return verdict;
        }

        @Override
        String reason() {
            return reason;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a release: a review with verdict approve. The approval that completes the "
                    + "required count needs a matching rebuild (run first if there was none).")
    static final class Approve extends Base {
        @Override
        String verdict() {
            return "approve";
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Reject a release: a review with verdict reject; the release is closed.")
    static final class Reject extends Base {
        @Option(names = "--reason", description = "a reason code (default review-rejected): ${COMPLETION-CANDIDATES}")
        String reason;

        @Override
        String verdict() {
            return "reject";
        }

        @Override
        String reason() {
            return reason;
        }
    }
}
