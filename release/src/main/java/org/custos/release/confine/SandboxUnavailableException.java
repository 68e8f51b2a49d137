package org.custos.release.confine;

/**
 * The engine cannot be started confined on this machine, and the settings do not allow it to run unconfined.
 * Nothing was started. The message names the cause and the two ways out: install bubblewrap (the Debian package
 * {@code bubblewrap}) or fix what the trial sandbox reported, or, for development only, set
 * {@code engine.confinement=unconfined-development}, which runs the engine as a plain process and logs that it did.
 * {@link #reason()} is a code for the transparency log (never the free-text message).
 */
public final class SandboxUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why, as a log code. */
    public enum Reason {
        /** No usable {@code bwrap} executable. */
        BUBBLEWRAP_MISSING("sandbox-bubblewrap-missing"),
        /** {@code bwrap} is older than the sandbox needs. */
        BUBBLEWRAP_TOO_OLD("sandbox-bubblewrap-too-old"),
        /** A trial sandbox did not start (namespaces refused, a mount failed, the JDK did not run). */
        TRIAL_FAILED("sandbox-trial-failed"),
        /** The JDK or the host paths the sandbox must bind cannot be used. */
        HOST_LAYOUT("sandbox-host-layout");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    SandboxUnavailableException(Reason reason, String cause) {
        super(cause + (reason == Reason.HOST_LAYOUT
                ? ". Give the sandbox a JDK it can bind (ConfinementSettings.javaHome: a dynamically linked JDK "
                        + "readable by all users)"
                : ". To run the owner's engine confined, install bubblewrap (Debian package 'bubblewrap', "
                        + "e.g. apt-get install bubblewrap) and make sure it may create user namespaces")
                + "; to run it unconfined for development only, set engine.confinement=unconfined-development "
                + "(logged as such)");
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
