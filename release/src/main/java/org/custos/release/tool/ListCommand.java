package org.custos.release.tool;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code custos release list}: the newest releases, one per line. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List releases, newest first.")
final class ListCommand extends GateCall {
    @Option(names = "--state", description = "only releases in STATE: submitted, approved, rejected, revoked")
    String state;

    @Option(names = "--limit", defaultValue = "50", description = "at most this many (1 to 500, default ${DEFAULT-VALUE})")
    int limit;

    @Override
    int run(GateClient client, PrintWriter out) throws GateClient.Failure {
        String query = "v1/releases?limit=" + limit + (state == null ? "" : "&state=" + state);
        var items = client.get(query).path("items");
        if (items.isEmpty()) {
            out.println("no releases");
        }
        items.forEach(r -> out.println(Show.line(r)));
        return ToolExit.OK;
    }
}
