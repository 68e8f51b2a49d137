package org.custos.cli.bench;

import java.util.List;

/** The requests the load harnesses time: the accounts load's three, then the app load's five. */
enum Operation {
    SIGN_UP("sign-up", "POST /v1/accounts"),
    LOG_IN("log-in", "POST /v1/sessions"),
    PROFILE_READ("profile read", "GET /v1/me"),
    WATCH_BATCH("watch batch", "POST /v1/events/watch"),
    FOLLOWING_FEED("following feed", "GET /v1/feeds/following?limit=20"),
    FOR_YOU_FEED("for-you feed", "GET /v1/feeds/for-you?limit=20"),
    RANGED_READ("ranged read", "GET /v1/videos/{id}/media Range: 256 KiB"),
    UPLOAD("upload", "POST /v1/videos");

    /** What {@code bench accounts} drives, in the order a new user performs them. */
    static final List<Operation> ACCOUNTS = List.of(SIGN_UP, LOG_IN, PROFILE_READ);

    final String label;
    final String request;

    Operation(String label, String request) {
        this.label = label;
        this.request = request;
    }
}
