package org.custos.release.confine;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What to run in the sandbox. Everything here is chosen by the host (the custodian's server), never by the engine.
 *
 * @param bundle         the admitted jar on the host; the sandbox runs a private copy of these bytes (see
 *                       {@link ConfinedProcess#bundleDigest()}) at {@code /engine/bundle.jar}
 * @param mainClass      the entry point, run as {@code java ... -cp /engine/bundle.jar mainClass} (never
 *                       {@code -jar}, so no manifest attribute can add agents, native access or a class path)
 * @param stateDirectory the engine's private writable directory on the host, mounted at {@code /state} (created if
 *                       absent); nothing else is writable
 * @param jvmFlags       extra JVM flags chosen by the host, placed before the sandbox's own (which therefore win), for
 *                       example {@code --add-modules jdk.incubator.vector}; flags that would load code or options from
 *                       elsewhere (class paths, agents, argument files, option files, native access, fork hooks) are
 *                       refused
 * @param arguments      program arguments
 * @param name           a label for logs and the cgroup: {@code [a-z0-9][a-z0-9-]{0,39}}
 */
public record LaunchSpec(Path bundle, String mainClass, Path stateDirectory, List<String> jvmFlags,
                         List<String> arguments, String name) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    /** Exact flags and flag prefixes that would widen what the engine loads or runs. */
    private static final Set<String> REFUSED_FLAGS = Set.of("-cp", "-classpath", "--class-path", "-jar",
            "--module-path", "-p", "--upgrade-module-path", "--patch-module", "-XX:+EnableDynamicAgentLoading");
    private static final List<String> REFUSED_PREFIXES = List.of("@", "-javaagent", "-agentlib", "-agentpath",
            "-XX:Flags=", "-XX:VMOptionsFile=", "--enable-native-access", "--illegal-native-access",
            "-XX:OnOutOfMemoryError", "-XX:OnError", "-Xbootclasspath", "-Djava.class.path", "-Djava.library.path",
            "-Djdk.module.", "-XX:SharedArchiveFile", "-XX:+AutoCreateSharedArchive", "-Xshare:dump",
            "-XX:ArchiveClassesAtExit", "--class-path=", "--module-path=");

    public LaunchSpec {
        if (bundle == null || mainClass == null || stateDirectory == null || jvmFlags == null || arguments == null
                || name == null) {
            throw new IllegalArgumentException("every part of a launch spec is required");
        }
        bundle = bundle.toAbsolutePath().normalize();
        stateDirectory = stateDirectory.toAbsolutePath().normalize();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("sandbox name must match [a-z0-9][a-z0-9-]{0,39}: " + name);
        }
        if (mainClass.length() > 255 || !CLASS_NAME.matcher(mainClass).matches()) {
            throw new IllegalArgumentException("main class must be a binary class name: " + mainClass);
        }
        jvmFlags = List.copyOf(jvmFlags);
        arguments = List.copyOf(arguments);
        if (jvmFlags.size() > 64 || arguments.size() > 64) {
            throw new IllegalArgumentException("at most 64 JVM flags and 64 arguments");
        }
        for (var flag : jvmFlags) {
            checkText("JVM flag", flag);
            if (!flag.startsWith("-") && !jvmFlagValue(jvmFlags, flag)) {
                throw new IllegalArgumentException("JVM flags start with '-': " + flag);
            }
            if (REFUSED_FLAGS.contains(flag) || REFUSED_PREFIXES.stream().anyMatch(flag::startsWith)) {
                throw new IllegalArgumentException("the sandbox sets the class path and refuses flags that load "
                        + "code or options from elsewhere: " + flag);
            }
        }
        for (var argument : arguments) {
            checkText("argument", argument);
        }
    }

    /** The engine's defaults for the project's own algorithm: no extra flags, no arguments. */
    public static LaunchSpec of(Path bundle, String mainClass, Path stateDirectory, String name) {
        return new LaunchSpec(bundle, mainClass, stateDirectory, List.of(), List.of(), name);
    }

    public LaunchSpec withJvmFlags(List<String> flags) {
        return new LaunchSpec(bundle, mainClass, stateDirectory, flags, arguments, name);
    }

    public LaunchSpec withArguments(List<String> args) {
        return new LaunchSpec(bundle, mainClass, stateDirectory, jvmFlags, args, name);
    }

    /** {@code --add-modules X} and similar two-word flags: the word after a flag that takes a separate value. */
    private static boolean jvmFlagValue(List<String> flags, String word) {
        int i = flags.indexOf(word);
        return i > 0 && Set.of("--add-modules", "--add-opens", "--add-exports", "--add-reads", "--limit-modules")
                .contains(flags.get(i - 1));
    }

    private static void checkText(String what, String s) {
        if (s.isEmpty() || s.length() > 4096 || s.chars().anyMatch(c -> c == 0 || c == '\n' || c == '\r')) {
            throw new IllegalArgumentException(what + " must be 1 to 4096 characters without NUL or line breaks");
        }
    }
}
