package org.custos.release.confine;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How the owner's engine is confined: validated once, then immutable.
 *
 * @param mode              {@link Mode#BUBBLEWRAP} (the default and the only mode for production), or
 *                          {@link Mode#UNCONFINED_DEVELOPMENT}, which runs a plain child JVM and says so on every start
 * @param bubblewrap        the {@code bwrap} executable (default: the first on {@code PATH}, else
 *                          {@code /usr/bin/bwrap})
 * @param javaHome          the JDK the engine runs on, bound read-only at {@code /jdk} (default: this JVM's)
 * @param memoryBytes       everything the sandbox may hold in memory: heap, direct buffers, metaspace, code, thread
 *                          stacks and its {@code /state/tmp} (default 1 GiB). A cgroup limit where one is available
 *                          (swap included where the kernel accounts it), else {@code RLIMIT_DATA}
 * @param heapBytes         the engine's {@code -Xmx} (default 512 MiB); at most {@code memoryBytes - 96 MiB}
 * @param cpus              CPU quota in cores (default 1.0): a cgroup quota where available, and always the JVM's
 *                          {@code -XX:ActiveProcessorCount} (rounded up)
 * @param maxTasks          threads the sandbox may run at once ({@code pids.max}, default 256)
 * @param tmpBytes          size of the tmpfs at {@code /state/tmp} (the engine's {@code java.io.tmpdir}) and the
 *                          largest file the engine may write anywhere ({@code RLIMIT_FSIZE}); default 256 MiB
 * @param stderrLinesPerMinute how many lines of the engine's stderr reach the custodian's log a minute (default 120);
 *                          the rest are counted and dropped
 */
public record ConfinementSettings(Mode mode, Path bubblewrap, Path javaHome, long memoryBytes, long heapBytes,
                                  double cpus, int maxTasks, long tmpBytes, int stderrLinesPerMinute) {

    static final long MIB = 1024L * 1024L;
    static final long GIB = 1024L * MIB;
    /** What a JVM needs besides heap and direct buffers (metaspace, code cache, stacks, GC structures). */
    static final long JVM_OVERHEAD = 96 * MIB;

    /** How the engine runs. */
    public enum Mode {
        /** Linux namespaces through bubblewrap, a seccomp filter, cgroup or rlimit limits. */
        BUBBLEWRAP("bubblewrap"),
        /** A plain child JVM with a clean environment and the same JVM flags; for development only, logged. */
        UNCONFINED_DEVELOPMENT("unconfined-development");

        private final String settingValue;

        Mode(String settingValue) {
            this.settingValue = settingValue;
        }

        /** The value of the {@code engine.confinement} setting that selects this mode. */
        public String settingValue() {
            return settingValue;
        }

        /** Parses an {@code engine.confinement} value: {@code bubblewrap} or {@code unconfined-development}. */
        public static Mode parse(String value) {
            var v = value.strip().toLowerCase(Locale.ROOT);
            for (var m : values()) {
                if (m.settingValue.equals(v)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(
                    "engine.confinement must be 'bubblewrap' or 'unconfined-development', got '" + value + "'");
        }
    }

    public ConfinementSettings {
        if (mode == null || bubblewrap == null || javaHome == null) {
            throw new IllegalArgumentException("mode, bubblewrap and javaHome are required");
        }
        bubblewrap = bubblewrap.toAbsolutePath().normalize();
        javaHome = javaHome.toAbsolutePath().normalize();
        if (memoryBytes < 128 * MIB || memoryBytes > 1024 * GIB) {
            throw new IllegalArgumentException("memory limit must be between 128 MiB and 1 TiB, got " + memoryBytes);
        }
        if (heapBytes < 16 * MIB || heapBytes > memoryBytes - JVM_OVERHEAD) {
            throw new IllegalArgumentException("heap must be at least 16 MiB and leave 96 MiB of the " + memoryBytes
                    + "-byte memory limit to the rest of the JVM, got " + heapBytes);
        }
        if (!(cpus >= 0.01 && cpus <= 1024)) {
            throw new IllegalArgumentException("cpu quota must be between 0.01 and 1024 cores, got " + cpus);
        }
        if (maxTasks < 32 || maxTasks > 1_000_000) {
            throw new IllegalArgumentException("max tasks must be between 32 (a JVM's own threads) and 1,000,000, got "
                    + maxTasks);
        }
        if (tmpBytes < MIB || tmpBytes > memoryBytes) {
            throw new IllegalArgumentException("tmp size must be between 1 MiB and the memory limit (tmpfs pages are "
                    + "memory), got " + tmpBytes);
        }
        if (stderrLinesPerMinute < 1 || stderrLinesPerMinute > 10_000) {
            throw new IllegalArgumentException("stderr lines per minute must be between 1 and 10,000, got "
                    + stderrLinesPerMinute);
        }
    }

    /** The defaults: bubblewrap, this JVM's JDK, 1 GiB, 512 MiB heap, 1 core, 256 tasks, 256 MiB tmp, 120 lines/min. */
    public static ConfinementSettings defaults() {
        return new ConfinementSettings(Mode.BUBBLEWRAP, Bubblewrap.locate(), Path.of(System.getProperty("java.home")),
                GIB, 512 * MIB, 1.0, 256, 256 * MIB, 120);
    }

    /** Direct buffers get half of what heap and the JVM's overhead leave, at most half the heap, at least 8 MiB. */
    public long directMemoryBytes() {
        return Math.max(8 * MIB, Math.min(heapBytes / 2, (memoryBytes - heapBytes - JVM_OVERHEAD) / 2));
    }

    /** The JVM's {@code -XX:ActiveProcessorCount}: the quota rounded up. */
    public int activeProcessors() {
        return (int) Math.max(1, Math.ceil(cpus - 1e-9));
    }

    public ConfinementSettings withMode(Mode m) {
        return new ConfinementSettings(m, bubblewrap, javaHome, memoryBytes, heapBytes, cpus, maxTasks, tmpBytes,
                stderrLinesPerMinute);
    }

    public ConfinementSettings withBubblewrap(Path p) {
        return new ConfinementSettings(mode, p, javaHome, memoryBytes, heapBytes, cpus, maxTasks, tmpBytes,
                stderrLinesPerMinute);
    }

    public ConfinementSettings withJavaHome(Path p) {
        return new ConfinementSettings(mode, bubblewrap, p, memoryBytes, heapBytes, cpus, maxTasks, tmpBytes,
                stderrLinesPerMinute);
    }

    public ConfinementSettings withMemory(long memory, long heap) {
        return new ConfinementSettings(mode, bubblewrap, javaHome, memory, heap, cpus, maxTasks,
                Math.min(tmpBytes, memory), stderrLinesPerMinute);
    }

    public ConfinementSettings withCpus(double c) {
        return new ConfinementSettings(mode, bubblewrap, javaHome, memoryBytes, heapBytes, c, maxTasks, tmpBytes,
                stderrLinesPerMinute);
    }

    public ConfinementSettings withMaxTasks(int n) {
        return new ConfinementSettings(mode, bubblewrap, javaHome, memoryBytes, heapBytes, cpus, n, tmpBytes,
                stderrLinesPerMinute);
    }

    public ConfinementSettings withTmpBytes(long n) {
        return new ConfinementSettings(mode, bubblewrap, javaHome, memoryBytes, heapBytes, cpus, maxTasks, n,
                stderrLinesPerMinute);
    }

    public ConfinementSettings withStderrLinesPerMinute(int n) {
        return new ConfinementSettings(mode, bubblewrap, javaHome, memoryBytes, heapBytes, cpus, maxTasks, tmpBytes, n);
    }
}
