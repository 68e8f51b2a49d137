package org.custos.release.confine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile engine, confined, tries everything a malicious or compromised algorithm would: every forbidden
 * attempt fails and the allowed ones (its own state directory, threads) work.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class HostileEngineIT {

    /** What must fail, by attempt name. */
    static final List<String> FORBIDDEN = List.of("tcp-host", "tcp-public", "udp-public", "unix-socket", "dns",
            "read-etc-passwd", "list-etc", "read-data-dir", "read-data-file", "read-key-file", "read-home",
            "read-sys", "env-secret", "proc-environ", "host-processes", "spawn-default", "native-load",
            "ffm-downcall", "write /", "write /jdk", "write /engine", "write /tmp", "write /dev/shm", "write /dev",
            "write /proc", "write /usr", "write /lib64", "write large file", "write large tmp");
    /** What must work. */
    static final List<String> ALLOWED = List.of("write /state", "write /state/tmp", "write java.io.tmpdir",
            "threads");

    @TempDir
    static Path temp;
    static Path data;
    static Path keyFile;
    static String marker;

    @BeforeAll
    static void hostSecrets() throws Exception {
        // world-readable on purpose: whatever stops the engine must be the sandbox, not file permissions
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        var random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        marker = "marker-" + HexFormat.of().formatHex(random);
        data = Files.createDirectory(temp.resolve("data"));
        Files.writeString(data.resolve("accounts.csv"), "alice@example.org,1990-01-01," + marker + "\n");
        keyFile = temp.resolve("master.key");
        Files.writeString(keyFile, "key " + marker);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("accounts.csv"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void hostileEngine_fromAHostWithSecrets_everyForbiddenAttemptFails() throws Exception {
        var unixPath = temp.resolve("host.sock");
        try (var tcp = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             var unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.bind(UnixDomainSocketAddress.of(unixPath));
            Files.setPosixFilePermissions(unixPath, PosixFilePermissions.fromString("rwxrwxrwx"));
            unix.configureBlocking(false);

            var host = HostJvm.start(Map.of("CUSTOS_MASTER_SECRET", marker, "CUSTOS_MARKER", marker), List.of(),
                    HostileEngine.jar(), temp.resolve("state-probe"), "probe", Integer.toString(tcp.getLocalPort()),
                    unixPath.toString(), data.toString(), keyFile.toString(), marker);
            var lines = read(host, Duration.ofSeconds(90));
            var results = HostileEngine.results(lines);
            System.out.println("hostile engine results:");
            results.forEach((k, v) -> System.out.println("  " + k + ": " + v));

            assertThat(lines).contains("DONE");
            for (var attempt : FORBIDDEN) {
                assertThat(results.get(attempt)).as(attempt).startsWith("DENIED");
            }
            for (var attempt : ALLOWED) {
                assertThat(results.get(attempt)).as(attempt).startsWith("ALLOWED");
            }
            assertThat(String.join("\n", lines)).doesNotContain(marker).doesNotContain("alice@example.org");

            // nobody connected to either host socket
            tcp.setSoTimeout(200);
            try {
                tcp.accept().close();
                throw new AssertionError("the engine reached the host's TCP listener");
            } catch (SocketTimeoutException expected) {
                // nobody came
            }
            assertThat(unix.accept()).as("a connection on the host's unix socket").isNull();
        }
        // what it wrote stayed in its state directory
        assertThat(temp.resolve("state-probe/ok.bin")).exists();
    }

    @Test
    void spawn_withTheForkLaunchMechanism_fails() throws Exception {
        var sandbox = new Sandbox(ConfinementSettings.defaults());
        var p = sandbox.start(HostileEngine.spec(temp.resolve("state-fork"), "fork", "spawn")
                .withJvmFlags(List.of("-Djdk.lang.Process.launchMechanism=FORK")));
        var results = HostileEngine.results(HostileEngine.lines(p, Duration.ofSeconds(60)));
        System.out.println("fork: " + results);
        assertThat(results.get("spawn-FORK")).startsWith("DENIED");
    }

    @Test
    void multiThreadedCode_underTheSeccompFilter_runsAndAnswersRight() throws Exception {
        var sandbox = new Sandbox(ConfinementSettings.defaults().withCpus(2.0));
        var p = sandbox.start(HostileEngine.spec(temp.resolve("state-threads"), "threads", "threads")
                .withJvmFlags(List.of("--add-modules", "jdk.incubator.vector")));
        assertThat(p.limits().seccomp()).isTrue();
        var results = HostileEngine.results(HostileEngine.lines(p, Duration.ofSeconds(90)));
        assertThat(p.waitFor()).isZero();
        assertThat(results.get("threads"))
                .startsWith("ALLOWED platform=2016 virtual=49995000 pool=4950 parallel=500000500000 live=");
    }

    @Test
    void hostileEngine_underRlimitsOnly_isStillShutOut() throws Exception {
        var unixPath = temp.resolve("host2.sock");
        try (var tcp = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             var unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.bind(UnixDomainSocketAddress.of(unixPath));
            unix.configureBlocking(false);
            var host = HostJvm.start(Map.of("CUSTOS_MASTER_SECRET", marker), List.of("-Dsandbox.cgroups=none"),
                    HostileEngine.jar(), temp.resolve("state-rlimit"), "probe", Integer.toString(tcp.getLocalPort()),
                    unixPath.toString(), data.toString(), keyFile.toString(), marker);
            var results = HostileEngine.results(read(host, Duration.ofSeconds(90)));
            for (var attempt : FORBIDDEN) {
                assertThat(results.get(attempt)).as(attempt).startsWith("DENIED");
            }
            for (var attempt : ALLOWED) {
                assertThat(results.get(attempt)).as(attempt).startsWith("ALLOWED");
            }
            assertThat(unix.accept()).isNull();
        }
    }

    @Test
    void hostileEngine_fromANonRootHost_isShutOutToo() throws Exception {
        assumeTrue(Host.currentUid() == 0, "the suite runs as a non-root user here, which the other tests cover");
        var setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(Files.isExecutable(setpriv), "no setpriv to run the host as another user");
        // the host JVM as user 65534 needs only the module's own classes (the sandbox has no dependencies)
        var classPath = List.of(Path.of(Sandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                Path.of(HostMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        for (var p : classPath) {
            assumeTrue(readableByOthers(p), "the build directory " + p + " is not readable by other users");
        }
        var state = Files.createDirectory(temp.resolve("state-nonroot"));
        Files.setAttribute(state, "unix:uid", BubblewrapCommand.SANDBOX_UID);
        var unixPath = temp.resolve("host3.sock");
        try (var tcp = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             var unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.bind(UnixDomainSocketAddress.of(unixPath));
            Files.setPosixFilePermissions(unixPath, PosixFilePermissions.fromString("rwxrwxrwx"));
            unix.configureBlocking(false);
            var host = HostJvm.start(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                            "--"), classPath.stream().map(Path::toString).collect(Collectors.joining(":")),
                    Map.of("CUSTOS_MASTER_SECRET", marker), List.of(), HostileEngine.jar(), state, "probe",
                    Integer.toString(tcp.getLocalPort()), unixPath.toString(), data.toString(), keyFile.toString(),
                    marker);
            var lines = read(host, Duration.ofSeconds(90));
            var results = HostileEngine.results(lines);
            assertThat(lines).contains("DONE");
            for (var attempt : FORBIDDEN) {
                assertThat(results.get(attempt)).as(attempt).startsWith("DENIED");
            }
            for (var attempt : ALLOWED) {
                assertThat(results.get(attempt)).as(attempt).startsWith("ALLOWED");
            }
            assertThat(unix.accept()).isNull();
        }
    }

    private static boolean readableByOthers(Path p) throws java.io.IOException {
        var perms = Files.getPosixFilePermissions(p);
        if (!perms.contains(PosixFilePermission.OTHERS_READ)
                || Files.isDirectory(p) && !perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            return false;
        }
        for (var d = p.getParent(); d != null; d = d.getParent()) {
            if (!Files.getPosixFilePermissions(d).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    static List<String> read(Process host, Duration timeout) throws Exception {
        var lines = new ArrayList<String>();
        var reader = Thread.ofPlatform().start(() -> {
            try (var r = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // host gone
            }
        });
        if (!host.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            host.destroyForcibly();
        }
        reader.join(5_000);
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
