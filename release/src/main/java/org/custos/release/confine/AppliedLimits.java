package org.custos.release.confine;

import java.util.List;

/**
 * The limits a running sandbox actually got, and by what they are enforced: for health, metrics and the incident
 * log. {@link #gaps()} lists, in words, every promise of {@link ConfinementSettings} this machine could not keep.
 *
 * @param mode              how the engine runs
 * @param memoryBytes       the memory limit of the whole sandbox
 * @param memory            what enforces it
 * @param swapIncluded      whether swap is counted in (or barred by) the memory limit
 * @param heapBytes         {@code -Xmx}
 * @param directMemoryBytes {@code -XX:MaxDirectMemorySize}
 * @param cpus              the CPU quota in cores
 * @param cpu               what enforces it ({@link Enforcement#JVM_FLAGS}: only {@code -XX:ActiveProcessorCount})
 * @param maxTasks          the task (thread) limit
 * @param tasks             what enforces it
 * @param tmpBytes          the size of {@code /state/tmp} and the largest file the engine may write
 * @param seccomp           whether the system-call filter is loaded
 * @param hostUid           the host user id the sandbox's processes run as (65534 when the server runs as root)
 * @param gaps              what is not enforced, in words; empty when everything is
 */
public record AppliedLimits(ConfinementSettings.Mode mode, long memoryBytes, Enforcement memory, boolean swapIncluded,
                            long heapBytes, long directMemoryBytes, double cpus, Enforcement cpu, int maxTasks,
                            Enforcement tasks, long tmpBytes, boolean seccomp, int hostUid, List<String> gaps) {

    /** What enforces one limit. */
    public enum Enforcement {
        /** A cgroup v2 controller. */
        CGROUP_V2,
        /** A cgroup v1 controller. */
        CGROUP_V1,
        /** A process resource limit ({@code setrlimit}): per process, coarser. */
        RLIMIT,
        /** Only the JVM's own flags: the engine's Java code is bound, native allocation or spinning is not. */
        JVM_FLAGS,
        /** Nothing. */
        NONE;

        static Enforcement of(Probe.CgroupFlavour flavour) {
            return switch (flavour) {
                case V2 -> CGROUP_V2;
                case V1 -> CGROUP_V1;
                case NONE -> NONE;
            };
        }
    }

    public AppliedLimits {
        if (mode == null || memory == null || cpu == null || tasks == null || gaps == null) {
            throw new IllegalArgumentException("every part of the applied limits is required");
        }
        gaps = List.copyOf(gaps);
    }

    /** True when every limit is held by a cgroup and the seccomp filter is loaded. */
    public boolean complete() {
        return gaps.isEmpty();
    }
}
