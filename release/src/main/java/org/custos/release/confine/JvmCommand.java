package org.custos.release.confine;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's {@code java} command line: the host's flags, then the sandbox's own (last, so they win over a host
 * flag that says otherwise), then {@code -cp bundle MainClass args}. Never {@code -jar}: a manifest could then add
 * agents ({@code Launcher-Agent-Class}), native access or a class path.
 */
final class JvmCommand {

    private JvmCommand() {}

    /**
     * The flags every engine JVM gets.
     *
     * <ul>
     *   <li>{@code -Xmx}, {@code -XX:MaxDirectMemorySize}, {@code -XX:MaxRAM}: the JVM sizes itself inside the
     *       sandbox's memory (it cannot see the cgroup: there is no {@code /sys}).
     *   <li>{@code -XX:+ExitOnOutOfMemoryError}: a JVM out of memory stops, rather than limp on with broken state.
     *   <li>{@code -XX:ActiveProcessorCount}: thread pools sized to the quota.
     *   <li>{@code -XX:-UsePerfData}, {@code -XX:+DisableAttachMechanism}: no {@code hsperfdata} file, no attach
     *       listener.
     *   <li>{@code --illegal-native-access=deny}: code on the class path may not call JNI or FFM's restricted
     *       methods (JDK 24 and later only warn by default).
     *   <li>{@code -XX:+DisplayVMOutputToStderr}, {@code -Xlog:disable -Xlog:all=warning:stderr}: HotSpot writes its
     *       own messages to stdout by default, and stdout carries the protocol; they go to stderr (and so to the
     *       bounded log) instead.
     *   <li>{@code -Djava.io.tmpdir}: the sandbox's tmpfs.
     * </ul>
     */
    static List<String> enforcedFlags(ConfinementSettings s, String tmpdir) {
        return List.of(
                "-Xmx" + s.heapBytes(),
                "-XX:MaxDirectMemorySize=" + s.directMemoryBytes(),
                "-XX:MaxRAM=" + s.memoryBytes(),
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:ActiveProcessorCount=" + s.activeProcessors(),
                "-XX:-UsePerfData",
                "-XX:+DisableAttachMechanism",
                "--illegal-native-access=deny",
                "-XX:+DisplayVMOutputToStderr",
                "-Xlog:disable",
                "-Xlog:all=warning:stderr",
                "-Djava.io.tmpdir=" + tmpdir);
    }

    static List<String> command(String java, ConfinementSettings s, String tmpdir, String classPath, LaunchSpec spec) {
        var out = new ArrayList<String>();
        out.add(java);
        out.addAll(spec.jvmFlags());
        out.addAll(enforcedFlags(s, tmpdir));
        out.add("-cp");
        out.add(classPath);
        out.add(spec.mainClass());
        out.addAll(spec.arguments());
        return out;
    }

    /** What the trial sandbox runs: the same JVM flags, {@code -version}. */
    static List<String> trial(String java, ConfinementSettings s, String tmpdir) {
        var out = new ArrayList<String>();
        out.add(java);
        out.addAll(enforcedFlags(s, tmpdir));
        out.add("-version");
        return out;
    }
}
