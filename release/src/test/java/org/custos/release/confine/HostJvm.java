package org.custos.release.confine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts {@link HostMain} in a JVM of its own, with the test's class path and the environment given. */
final class HostJvm {

    private HostJvm() {}

    static Process start(Map<String, String> extraEnvironment, List<String> jvmFlags, Path jar, Path state,
                         String... engineArgs) throws IOException {
        return start(List.of(), System.getProperty("java.class.path"), extraEnvironment, jvmFlags, jar, state,
                engineArgs);
    }

    /** With a command in front (for example {@code setpriv} to run the host as another user) and a class path. */
    static Process start(List<String> prefix, String classPath, Map<String, String> extraEnvironment,
                         List<String> jvmFlags, Path jar, Path state, String... engineArgs) throws IOException {
        var cmd = new ArrayList<String>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.addAll(jvmFlags);
        cmd.add(HostMain.class.getName());
        cmd.add(jar.toString());
        cmd.add(state.toString());
        cmd.addAll(List.of(engineArgs));
        var pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        // the host's environment: inherited as is (PATH, HOME, ...) plus the test's secrets
        pb.environment().putAll(extraEnvironment);
        return pb.start();
    }
}
