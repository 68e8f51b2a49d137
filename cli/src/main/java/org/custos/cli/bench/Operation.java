package org.custos.cli.bench;

/** The operations the accounts load drives, in the order a new user performs them. */
enum Operation {
    SIGN_UP("sign-up", "POST /v1/accounts"),
    LOG_IN("log-in", "POST /v1/sessions"),
    PROFILE_READ("profile read", "GET /v1/me");

    final String label;
    final String request;

    Operation(String label, String request) {
        this.label = label;
        this.request = request;
    }
}
