package org.custos.release.confine;

/**
 * What this machine offers the sandbox, each part with words for an operator: what was found, or why it is missing
 * and what that costs. Produced by {@link Sandbox#probe()}; shown in health and logged at start.
 *
 * @param bubblewrap   {@code bwrap}: its path and version
 * @param trialSandbox whether a sandbox built exactly as for the engine (namespaces, mounts, seccomp) ran
 *                     {@code java -version}, and how long that took
 * @param seccomp      whether a system-call filter is built for this CPU architecture (x86_64 only)
 * @param memory       the cgroup flavour the memory limit uses, if any (else {@code RLIMIT_DATA})
 * @param pids         the cgroup flavour the task limit uses, if any (else {@code RLIMIT_NPROC} where meaningful)
 * @param cpu          the cgroup flavour the CPU quota uses, if any (else only {@code -XX:ActiveProcessorCount})
 */
public record Probe(Feature bubblewrap, Feature trialSandbox, Feature seccomp, Cgroup memory, Cgroup pids,
                    Cgroup cpu) {

    /** A capability: present or not, and the detail (version, path, timing) or the reason it is missing. */
    public record Feature(boolean available, String detail) {
        public Feature {
            if (detail == null || detail.isBlank()) {
                throw new IllegalArgumentException("a feature says what was found or why not");
            }
        }

        static Feature yes(String detail) {
            return new Feature(true, detail);
        }

        static Feature no(String reason) {
            return new Feature(false, reason);
        }
    }

    /** Which cgroup interface a controller is used through. */
    public enum CgroupFlavour {
        /** The unified hierarchy. */
        V2,
        /** A per-controller (legacy) hierarchy. */
        V1,
        /** Not usable here; the detail says why. */
        NONE
    }

    /** One controller's flavour, with the parent directory used or the reason it is unusable. */
    public record Cgroup(CgroupFlavour flavour, String detail) {
        public Cgroup {
            if (flavour == null || detail == null || detail.isBlank()) {
                throw new IllegalArgumentException("a cgroup answer has a flavour and a detail");
            }
        }
    }

    /** True when the engine can be started confined: bubblewrap is present and a trial sandbox ran. */
    public boolean confinementAvailable() {
        return bubblewrap.available() && trialSandbox.available();
    }

    /** Several lines for the start-up log and the health page. */
    public String summary() {
        return "bubblewrap: " + words(bubblewrap) + "\n"
                + "trial sandbox: " + words(trialSandbox) + "\n"
                + "seccomp: " + words(seccomp) + "\n"
                + "cgroup memory: " + memory.flavour() + " (" + memory.detail() + ")\n"
                + "cgroup pids: " + pids.flavour() + " (" + pids.detail() + ")\n"
                + "cgroup cpu: " + cpu.flavour() + " (" + cpu.detail() + ")";
    }

    private static String words(Feature f) {
        return (f.available() ? "yes, " : "no, ") + f.detail();
    }
}
