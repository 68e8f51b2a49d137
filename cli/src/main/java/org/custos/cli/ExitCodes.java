package org.custos.cli;

/** The process exit codes of every {@code custos} command. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    /** Bad arguments or configuration: fix the command line, the config file or the CUSTOS_* variable named. */
    static final int USAGE = 2;
    /** The server refused to start; the message names the step and what to fix. */
    static final int STARTUP = 3;
    /** Another process holds the data directory or the port. */
    static final int IN_USE = 4;

    private ExitCodes() {}
}
