package org.custos.release.confine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine cannot take more memory, CPU or threads than its sandbox is given, and the host survives it trying. */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class ResourceLimitsIT {

    static final long MIB = 1L << 20;
    /** A small sandbox, so that running out is quick: 256 MiB in all, 96 MiB heap. */
    static final ConfinementSettings SMALL = ConfinementSettings.defaults().withMemory(256 * MIB, 96 * MIB)
            .withTmpBytes(16 * MIB);

    @TempDir
    static Path temp;

    @BeforeAll
    static void searchable() throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void heap_allocatedWithoutBound_theEngineDiesAndTheHostSurvives() throws Exception {
        var p = new Sandbox(SMALL).start(HostileEngine.spec(temp.resolve("heap"), "heap", "heap"));
        var first = firstLine(p);
        assertThat(first).isEqualTo("allocating heap");
        assertThat(p.waitFor(Duration.ofSeconds(60))).as("died within a minute").isTrue();
        System.out.println("heap: exit " + p.exitCode());
        // -XX:+ExitOnOutOfMemoryError exits with 3, and says so on stderr: nothing reaches the protocol's stdout
        assertThat(p.exitCode()).hasValue(3);
        assertThat(p.stdout().readAllBytes()).isEmpty();
        assertThat(Runtime.getRuntime().freeMemory()).isPositive();
    }

    @Test
    void directBuffers_allocatedWithoutBound_theEngineDies() throws Exception {
        var p = new Sandbox(SMALL).start(HostileEngine.spec(temp.resolve("direct"), "direct", "direct"));
        assertThat(firstLine(p)).isEqualTo("allocating direct");
        assertThat(p.waitFor(Duration.ofSeconds(60))).as("died within a minute").isTrue();
        System.out.println("direct: exit " + p.exitCode());
        assertThat(p.exitCode().orElseThrow()).isNotZero();
    }

    @Test
    void nativeMemory_pastEveryJvmFlag_isStoppedByTheCgroup() throws Exception {
        var sandbox = new Sandbox(SMALL);
        var p = sandbox.start(HostileEngine.spec(temp.resolve("native"), "native", "native"));
        assumeTrue(p.limits().memory() == AppliedLimits.Enforcement.CGROUP_V1
                        || p.limits().memory() == AppliedLimits.Enforcement.CGROUP_V2,
                "no memory cgroup here: " + p.limits().gaps());
        assertThat(firstLine(p)).isEqualTo("allocating native");
        assertThat(p.waitFor(Duration.ofSeconds(60))).as("died within a minute").isTrue();
        System.out.println("native: exit " + p.exitCode());
        // the cgroup's OOM killer sends SIGKILL: 128 + 9
        assertThat(p.exitCode()).hasValue(137);
    }

    @Test
    void nativeMemory_underRlimitsOnly_isStoppedByRlimitData() throws Exception {
        var sandbox = new Sandbox(SMALL, Optional.of(Cgroups.none("disabled for this test")));
        var p = sandbox.start(HostileEngine.spec(temp.resolve("native-rl"), "native-rl", "native"));
        assertThat(p.limits().memory()).isEqualTo(AppliedLimits.Enforcement.RLIMIT);
        assertThat(p.limits().gaps()).anyMatch(g -> g.startsWith("memory: RLIMIT_DATA"));
        assertThat(firstLine(p)).isEqualTo("allocating native");
        assertThat(p.waitFor(Duration.ofSeconds(60))).as("died within a minute").isTrue();
        System.out.println("native under rlimits: exit " + p.exitCode());
        assertThat(p.exitCode().orElseThrow()).isNotZero();
    }

    @Test
    void cpu_spunOnFourThreads_staysNearTheQuota() throws Exception {
        var settings = SMALL.withCpus(0.5);
        var p = new Sandbox(settings).start(HostileEngine.spec(temp.resolve("spin"), "spin", "spin", "4"));
        try {
            assumeTrue(p.limits().cpu() != AppliedLimits.Enforcement.JVM_FLAGS,
                    "no cpu cgroup here: " + p.limits().gaps());
            assertThat(firstLine(p)).isEqualTo("spinning 4");
            long engine = enginePid(p);
            Thread.sleep(500);
            long cpu0 = cpuTicks(engine);
            long t0 = System.nanoTime();
            Thread.sleep(4_000);
            long cpu1 = cpuTicks(engine);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cores = (cpu1 - cpu0) / 100.0 / wall;
            System.out.printf("cpu: quota 0.5 cores, four spinning threads used %.3f cores over %.1f s%n", cores, wall);
            assertThat(cores).isLessThan(0.5 * 1.2 + 0.02).isGreaterThan(0.1);
        } finally {
            p.close();
        }
    }

    @Test
    void threads_pastTheTaskLimit_cannotBeStarted() throws Exception {
        var settings = SMALL.withMaxTasks(64);
        var p = new Sandbox(settings).start(HostileEngine.spec(temp.resolve("tasks"), "tasks", "tasks", "500"));
        var results = HostileEngine.results(HostileEngine.lines(p, Duration.ofSeconds(60)));
        System.out.println("tasks: " + results + " (" + p.limits().tasks() + ")");
        assertThat(results.get("tasks")).startsWith("DENIED");
    }

    static String firstLine(ConfinedProcess p) throws Exception {
        return HostileEngine.firstLine(p.stdout(), Duration.ofSeconds(30));
    }

    /** The engine's JVM: the descendant of the sandbox's outer process that runs /jdk/bin/java. */
    static long enginePid(ConfinedProcess p) throws IOException {
        for (var h : ProcessHandle.of(p.pid()).orElseThrow().descendants().toList()) {
            var cmdline = Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
            if (cmdline.startsWith("/jdk/bin/java")) {
                return h.pid();
            }
        }
        throw new AssertionError("no engine JVM under " + p.pid());
    }

    /** utime + stime of a process (all its threads), in clock ticks (100 a second on Linux). */
    static long cpuTicks(long pid) throws IOException {
        var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
