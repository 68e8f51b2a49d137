package org.custos.release.tool;

import java.io.PrintWriter;
import java.util.Map;
import org.custos.release.ReasonCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code custos release revoke ID --reason CODE}. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke an approved release: it is never admitted again (CUSTODIAN_ADMIN).")
final class RevokeCommand extends GateCall {
    @Parameters(index = "0", paramLabel = "ID", description = "the release id (rel-...)")
    String id;

    @Option(names = "--reason", required = true, description = "a reason code, one of the published vocabulary")
    String reason;

    @Override
    int run(GateClient client, PrintWriter out) throws GateClient.Failure {
        if (ReasonCode.ofCode(reason).isEmpty()) {
            throw new GateClient.Failure("--reason must be one of " + ReasonCode.codes(), ToolExit.USAGE);
        }
        var release = client.post("v1/releases/" + id + "/revoke", Map.of("reason", reason));
        out.println("revoked " + id + " (" + release.path("closedReason").asText() + ")");
        return ToolExit.OK;
    }
}
