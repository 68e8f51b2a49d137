package org.custos.release.tool;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code custos release deploy ID}: the approved release the server should run (a rollback deploys an older one). */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Make an approved release the one the server runs; deploy an earlier one to roll back "
                + "(CUSTODIAN_ADMIN).")
final class DeployCommand extends GateCall {
    @Parameters(index = "0", paramLabel = "ID", description = "the release id (rel-...)")
    String id;

    @Override
    int run(GateClient client, PrintWriter out) throws GateClient.Failure {
        var deployment = client.post("v1/releases/" + id + "/deploy");
        out.println("deployed " + deployment.path("release").asText()
                + (deployment.path("previous").isTextual() ? " (replacing " + deployment.path("previous").asText()
                + ")" : ""));
        return ToolExit.OK;
    }
}
