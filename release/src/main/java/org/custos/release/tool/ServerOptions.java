package org.custos.release.tool;

import picocli.CommandLine.Option;

/** Where the server is and who the operator is: {@code --url} and {@code --token} (or their environment). */
final class ServerOptions {
    @Option(names = "--url", description = "the server's base URL (default: $CUSTOS_URL or ${DEFAULT-VALUE})",
            defaultValue = "${env:CUSTOS_URL:-http://localhost:8080}")
    String url;

    @Option(names = "--token", description = "an operator's bearer token from POST /v1/operator-sessions "
            + "(default: $CUSTOS_TOKEN)", defaultValue = "${env:CUSTOS_TOKEN}")
    String token;

    GateClient client() {
        return new GateClient(url, token);
    }
}
