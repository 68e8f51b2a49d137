package org.custos.release.confine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A small host JVM for the tests that need the host to be a process of its own: one whose environment holds a
 * secret (to show the sandbox's is clean), or one the test kills with SIGKILL (to show the sandbox dies with it).
 * Usage: {@code HostMain JAR STATE MODE ARGS...}; {@code -Dsandbox.cgroups=none} for the rlimit fallback. Copies the
 * engine's stdout to its own, and after the engine's first line prints {@code HOST-PIDS outer descendants...}.
 */
public final class HostMain {

    public static void main(String[] args) throws Exception {
        var settings = ConfinementSettings.defaults().withTmpBytes(16L << 20);
        var cgroups = "none".equals(System.getProperty("sandbox.cgroups"))
                ? Optional.of(Cgroups.none("disabled for this test")) : Optional.<Cgroups>empty();
        var sandbox = new Sandbox(settings, cgroups);
        var spec = new LaunchSpec(Path.of(args[0]), HostileEngine.MAIN, Path.of(args[1]), List.of(),
                List.of(Arrays.copyOfRange(args, 2, args.length)), "host-main");
        var p = sandbox.start(spec);
        p.stdin().close();
        var r = new BufferedReader(new InputStreamReader(p.stdout(), StandardCharsets.UTF_8));
        String line;
        boolean first = true;
        while ((line = r.readLine()) != null) {
            System.out.println(line);
            if (first) {
                first = false;
                System.out.println("HOST-PIDS " + p.pid() + " " + ProcessHandle.of(p.pid()).orElseThrow().descendants()
                        .map(h -> Long.toString(h.pid())).collect(Collectors.joining(" ")));
            }
            System.out.flush();
        }
        System.exit(p.waitFor());
    }
}
