package org.custos.release.tool;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code custos release show ID}: a release, with its reviews and rebuild; optionally its diff or statement. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a release.")
final class ShowCommand extends GateCall {
    @Parameters(index = "0", paramLabel = "ID", description = "the release id (rel-...)")
    String id;

    @Option(names = "--diff", description = "also print what changed since the last approved release")
    boolean diff;

    @Option(names = "--statement", description = "print only the signed statement (DSSE envelope JSON)")
    boolean statement;

    @Override
    int run(GateClient client, PrintWriter out) throws GateClient.Failure {
        if (statement) {
            out.println(new String(client.getBytes("v1/releases/" + id + "/statement"),
                    java.nio.charset.StandardCharsets.UTF_8));
            return ToolExit.OK;
        }
        Show.release(client.get("v1/releases/" + id), out);
        if (diff) {
            var d = client.get("v1/releases/" + id + "/diff");
            out.println("changes since " + d.path("base").asText("(no approved release before)") + ":");
            d.path("added").forEach(p -> out.println("  added    " + p.asText()));
            d.path("removed").forEach(p -> out.println("  removed  " + p.asText()));
            d.path("changed").forEach(p -> out.println("  changed  " + p.asText()));
            d.path("diffs").forEach(f -> {
                if (f.path("kind").asText().equals("text")) {
                    out.print(f.path("unified").asText());
                } else {
                    out.println("  (" + f.path("kind").asText() + ") " + f.path("path").asText());
                }
            });
            if (d.path("truncated").asBoolean()) {
                out.println("(the diff was cut at the server's size limit)");
            }
        }
        return ToolExit.OK;
    }
}
