package org.custos.release.tool;

/**
 * The exit codes of {@code custos release}, matching the rest of the command line: 0 done (or verified), 1 refused
 * or not verified (the message says why), 2 bad arguments or could not check (network, files).
 */
final class ToolExit {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private ToolExit() {
    }
}
