package org.custos.release.confine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starting, probing, killing and logging: the sandbox's life around the engine. */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class SandboxLifecycleIT {

    @TempDir
    static Path temp;

    @BeforeAll
    static void searchable() throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void probe_onThisMachine_findsBubblewrapAndRunsATrial() {
        var probe = Sandbox.probe();
        System.out.println(probe.summary());
        assertThat(probe.bubblewrap().available()).as(probe.bubblewrap().detail()).isTrue();
        assertThat(probe.trialSandbox().available()).as(probe.trialSandbox().detail()).isTrue();
        assertThat(probe.confinementAvailable()).isTrue();
        if (System.getProperty("os.arch").equals("amd64")) {
            assertThat(probe.seccomp().available()).as(probe.seccomp().detail()).isTrue();
        }
    }

    @Test
    void start_withoutBubblewrap_refusesWithTheCauseAndTheFix() {
        var settings = ConfinementSettings.defaults().withBubblewrap(Path.of("/nonexistent/bin/bwrap"));
        var sandbox = new Sandbox(settings);
        assertThatThrownBy(() -> sandbox.start(HostileEngine.spec(temp.resolve("nobwrap"), "nobwrap", "sleep")))
                .isInstanceOfSatisfying(SandboxUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SandboxUnavailableException.Reason.BUBBLEWRAP_MISSING);
                    assertThat(e.reason().code()).isEqualTo("sandbox-bubblewrap-missing");
                    assertThat(e.getMessage()).contains("/nonexistent/bin/bwrap", "Debian package 'bubblewrap'",
                            "engine.confinement=unconfined-development");
                    System.out.println("without bubblewrap: " + e.getMessage());
                });
        var probe = Sandbox.probe(settings);
        assertThat(probe.bubblewrap().available()).isFalse();
        assertThat(probe.confinementAvailable()).isFalse();
        assertThat(probe.bubblewrap().detail()).contains("/nonexistent/bin/bwrap");
    }

    @Test
    void start_whenTheTrialSandboxFails_refusesWithBubblewrapsOwnWords() throws Exception {
        var fake = temp.resolve("fake-bwrap");
        Files.writeString(fake, """
                #!/bin/sh
                if [ "$1" = --version ]; then echo "bubblewrap 0.8.0"; exit 0; fi
                echo "bwrap: No permissions to create new namespace, likely because the kernel does not allow it" >&2
                exit 1
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        var sandbox = new Sandbox(ConfinementSettings.defaults().withBubblewrap(fake));
        assertThatThrownBy(() -> sandbox.start(HostileEngine.spec(temp.resolve("trial"), "trial", "sleep")))
                .isInstanceOfSatisfying(SandboxUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SandboxUnavailableException.Reason.TRIAL_FAILED);
                    assertThat(e.getMessage()).contains("No permissions to create new namespace",
                            "engine.confinement=unconfined-development");
                });
    }

    @Test
    void kill_endsTheWholeTreeAndRemovesTheCgroup() throws Exception {
        var p = new Sandbox(ConfinementSettings.defaults())
                .start(HostileEngine.spec(temp.resolve("kill"), "kill", "sleep"));
        assertThat(HostileEngine.firstLine(p.stdout(), Duration.ofSeconds(30))).isEqualTo("ready");
        var tree = new ArrayList<ProcessHandle>(ProcessHandle.of(p.pid()).orElseThrow().descendants().toList());
        assertThat(tree).isNotEmpty();
        var cgroups = p.cgroupDirectories();
        assertThat(cgroups).allMatch(Files::isDirectory);
        p.kill();
        assertThat(p.waitFor(Duration.ofSeconds(10))).isTrue();
        assertThat(p.exitCode()).hasValue(137);
        assertThat(cgroups).noneMatch(Files::exists);
        // processes the kernel has ended may linger a moment as zombies until their new parent reaps them
        awaitGone(tree.stream().map(ProcessHandle::pid).toList());
    }

    @Test
    void sandbox_whenItsHostIsKilled_diesWithIt() throws Exception {
        var host = HostJvm.start(Map.of(), List.of(), HostileEngine.jar(), temp.resolve("orphan"), "sleep");
        var out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
        var pidsLine = out.readLine();
        assertThat(pidsLine).startsWith("HOST-PIDS ");
        var pids = Arrays.stream(pidsLine.substring(10).split(" ")).map(Long::parseLong).toList();
        assertThat(pids).hasSizeGreaterThanOrEqualTo(3); // bubblewrap, its pid-namespace init, the engine
        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isPresent());

        host.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        host.waitFor();
        awaitGone(pids);

        // what the killed host left (its cgroups, its staged bundle) is removed by the next sandbox to start
        var leftovers = leftovers(host.pid());
        System.out.println("left by the killed host: " + leftovers);
        var p = new Sandbox(ConfinementSettings.defaults())
                .start(HostileEngine.spec(temp.resolve("sweeper"), "sweeper", "first-byte"));
        p.close();
        assertThat(leftovers).noneMatch(Files::exists);
    }

    @Test
    void stderr_floodedWithForgedLines_reachesTheLogBoundedAndDefused() throws Exception {
        var records = new CopyOnWriteArrayList<LogRecord>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage().startsWith("engine[flood]")) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        var logger = Logger.getLogger(StderrDrain.LOGGER);
        logger.addHandler(handler);
        try {
            var p = new Sandbox(ConfinementSettings.defaults().withStderrLinesPerMinute(50))
                    .start(HostileEngine.spec(temp.resolve("flood"), "flood", "flood"));
            assertThat(HostileEngine.lines(p, Duration.ofSeconds(60))).contains("flooded");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (records.stream().noneMatch(r -> r.getLevel() == Level.WARNING) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            logger.removeHandler(handler);
        }
        var lines = records.stream().filter(r -> r.getLevel() == Level.INFO).map(LogRecord::getMessage).toList();
        var summary = records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
        System.out.println("flood: " + lines.size() + " lines logged, then " + summary);
        assertThat(lines).hasSize(50);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l).startsWith("engine[flood] ");
            assertThat(l.length()).isLessThanOrEqualTo("engine[flood] ".length() + StderrDrain.MAX_LINE_CHARS + 1);
            assertThat(l).doesNotContain("\r", "\u001b", "\u202e", "\n");
        });
        assertThat(summary).singleElement().asString()
                .matches("engine\\[flood\\] \\d+ stderr lines dropped \\(limit 50 a minute\\)");
        long dropped = Long.parseLong(summary.getFirst().split(" ")[1]);
        assertThat(dropped).isGreaterThanOrEqualTo(4_950);
    }

    @Test
    void unconfinedDevelopment_runsAPlainJvmAndSaysSoEveryTime() throws Exception {
        var severe = new CopyOnWriteArrayList<String>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.SEVERE) {
                    severe.add(r.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        var logger = Logger.getLogger(Sandbox.class.getName());
        logger.addHandler(handler);
        try {
            var sandbox = new Sandbox(ConfinementSettings.defaults()
                    .withMode(ConfinementSettings.Mode.UNCONFINED_DEVELOPMENT)
                    .withBubblewrap(Path.of("/nonexistent/bin/bwrap")));
            for (int i = 0; i < 2; i++) {
                var p = sandbox.start(HostileEngine.spec(temp.resolve("dev"), "dev", "first-byte"));
                assertThat(p.stdout().read()).isEqualTo('!');
                assertThat(p.limits().mode()).isEqualTo(ConfinementSettings.Mode.UNCONFINED_DEVELOPMENT);
                assertThat(p.limits().seccomp()).isFalse();
                assertThat(p.limits().complete()).isFalse();
                p.close();
            }
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(severe).hasSize(2).allMatch(m -> m.contains("UNCONFINED"));
    }

    @Test
    void startToFirstByte_isMeasured() throws Exception {
        var sandbox = new Sandbox(ConfinementSettings.defaults());
        var dev = new Sandbox(ConfinementSettings.defaults().withMode(ConfinementSettings.Mode.UNCONFINED_DEVELOPMENT));
        long t0 = System.nanoTime();
        firstByte(sandbox, "first"); // includes the one-off trial sandbox
        double coldMillis = (System.nanoTime() - t0) / 1e6;
        var confined = new ArrayList<Double>();
        var unconfined = new ArrayList<Double>();
        for (int i = 0; i < 7; i++) {
            confined.add(firstByte(sandbox, "timing"));
            unconfined.add(firstByte(dev, "timing-dev"));
        }
        confined.sort(null);
        unconfined.sort(null);
        System.out.printf("start to first byte: first start (with trial) %.0f ms; confined median %.0f ms "
                        + "(min %.0f, max %.0f); unconfined median %.0f ms (min %.0f, max %.0f)%n", coldMillis,
                confined.get(3), confined.getFirst(), confined.getLast(), unconfined.get(3), unconfined.getFirst(),
                unconfined.getLast());
        assertThat(confined.get(3)).isLessThan(5_000);
    }

    private static double firstByte(Sandbox sandbox, String name) throws Exception {
        long t0 = System.nanoTime();
        var p = sandbox.start(HostileEngine.spec(temp.resolve(name), name, "first-byte"));
        int b = p.stdout().read();
        double millis = (System.nanoTime() - t0) / 1e6;
        assertThat(b).isEqualTo('!');
        p.close();
        return millis;
    }

    /** Waits up to ten seconds for every pid to be gone (or a zombie), then asserts they are. */
    private static void awaitGone(List<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pids.stream().anyMatch(SandboxLifecycleIT::running) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(pids).as("sandbox processes").noneMatch(SandboxLifecycleIT::running);
    }

    /** Alive and not a zombie (a zombie has ended; only its exit status waits to be collected). */
    private static boolean running(long pid) {
        try {
            var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** The sandbox cgroups and staging directories a (dead) host JVM made. */
    private static List<Path> leftovers(long hostPid) throws IOException {
        var out = new ArrayList<Path>();
        var cgroups = Cgroups.detect();
        for (var c : Cgroups.Controller.values()) {
            var parent = cgroups.placement(c).parent();
            if (parent.isPresent()) {
                try (var dirs = Files.newDirectoryStream(parent.get(), "custos-host-main-" + hostPid + "-*")) {
                    dirs.forEach(out::add);
                }
            }
        }
        try (var dirs = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
                Sandbox.Staging.PREFIX + hostPid + "-*")) {
            dirs.forEach(out::add);
        }
        return out;
    }
}
