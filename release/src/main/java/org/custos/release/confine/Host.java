package org.custos.release.confine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * What this machine gives a confined start, found once per {@link Sandbox} and proven by a trial sandbox: the
 * bubblewrap version, the JDK's real path and system libraries, the seccomp filter, the cgroups, the tools the
 * sandbox is started through ({@code prlimit}, {@code setpriv}) and whether the server runs as root.
 */
final class Host {

    private static final List<Path> TOOL_DIRECTORIES =
            List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"), Path.of("/sbin"));

    private final ConfinementSettings settings;
    private final Bubblewrap.Version version;
    private final Path javaHome;
    private final List<SystemLibraries.Entry> libraries;
    private final Optional<SeccompFilter> seccomp;
    private final Cgroups cgroups;
    private final int uid;
    private final Optional<Path> prlimit;
    private final Optional<Path> setpriv;
    private String trial = "";

    private Host(ConfinementSettings settings, Bubblewrap.Version version, Path javaHome,
                 List<SystemLibraries.Entry> libraries, Optional<SeccompFilter> seccomp, Cgroups cgroups, int uid,
                 Optional<Path> prlimit, Optional<Path> setpriv) {
        this.settings = settings;
        this.version = version;
        this.javaHome = javaHome;
        this.libraries = libraries;
        this.seccomp = seccomp;
        this.cgroups = cgroups;
        this.uid = uid;
        this.prlimit = prlimit;
        this.setpriv = setpriv;
    }

    /** Finds everything and runs the trial sandbox; throws with the cause and the fix when a sandbox cannot run. */
    static Host prepare(ConfinementSettings s, Cgroups cgroups) {
        Bubblewrap.Version version;
        try {
            version = Bubblewrap.version(s.bubblewrap());
        } catch (Bubblewrap.UnavailableException e) {
            throw new SandboxUnavailableException(SandboxUnavailableException.Reason.BUBBLEWRAP_MISSING,
                    "cannot confine the owner's engine: " + e.getMessage());
        }
        if (!version.atLeast(Bubblewrap.OLDEST)) {
            throw new SandboxUnavailableException(SandboxUnavailableException.Reason.BUBBLEWRAP_TOO_OLD,
                    "cannot confine the owner's engine: " + s.bubblewrap() + " is bubblewrap " + version
                            + ", older than " + Bubblewrap.OLDEST);
        }
        Path javaHome;
        List<SystemLibraries.Entry> libraries;
        try {
            javaHome = s.javaHome().toRealPath();
            if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
                throw new SandboxUnavailableException(SandboxUnavailableException.Reason.HOST_LAYOUT,
                        "cannot confine the owner's engine: no bin/java in " + javaHome);
            }
            libraries = SystemLibraries.forJdk(javaHome);
        } catch (IOException | Bubblewrap.UnavailableException e) {
            throw new SandboxUnavailableException(SandboxUnavailableException.Reason.HOST_LAYOUT,
                    "cannot confine the owner's engine: the JDK " + s.javaHome() + " cannot be used: "
                            + e.getMessage());
        }
        var seccomp = kernelHasSeccomp()
                ? SeccompFilter.forArchitecture(System.getProperty("os.arch")) : Optional.<SeccompFilter>empty();
        int uid = currentUid();
        var host = new Host(s, version, javaHome, libraries, seccomp, cgroups, uid, tool("prlimit"),
                uid == 0 ? tool("setpriv") : Optional.empty());
        int swept = CgroupLease.sweepStale(cgroups) + Sandbox.Staging.sweepStale();
        if (swept > 0) {
            Logger.getLogger(Sandbox.class.getName()).info(
                    "sandbox: removed " + swept + " cgroups and staged files left by servers that were killed");
        }
        host.trial = host.runTrial();
        return host;
    }

    /** Runs {@code java -version} in a sandbox built as for the engine (without cgroups); the timing on success. */
    private String runTrial() {
        Sandbox.Staging stage = null;
        try {
            stage = Sandbox.Staging.create("trial");
            var state = Files.createDirectories(stage.bundle().resolveSibling("state"));
            Files.createDirectories(state.resolve("tmp"));
            if (dropToSandboxUser()) {
                Sandbox.Staging.chownTree(state, BubblewrapCommand.SANDBOX_UID);
            }
            var seccompFile = seccomp.isPresent()
                    ? Optional.of(stage.write("seccomp.bpf", seccomp.get().bytes())) : Optional.<Path>empty();
            var plan = plan(Optional.empty(), state, seccompFile, List.of(),
                    new BubblewrapCommand.Rlimits(settings.tmpBytes(), OptionalLong.empty(), OptionalInt.empty()),
                    JvmCommand.trial("/jdk/bin/java", settings, "/state/tmp"));
            long t0 = System.nanoTime();
            var process = Sandbox.launch(BubblewrapCommand.argv(plan), state);
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw trialFailed("the trial sandbox did not finish java -version within 30 s");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            var err = new String(process.getErrorStream().readNBytes(8192), StandardCharsets.UTF_8);
            var out = new String(process.getInputStream().readNBytes(8192), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw trialFailed("the trial sandbox (" + settings.bubblewrap() + " " + version + " running "
                        + javaHome + "/bin/java -version) exited " + process.exitValue() + ": "
                        + LogText.sanitize((err + " " + out).strip(), 600));
            }
            if (!out.isBlank()) {
                throw trialFailed("the trial JVM wrote to stdout, which carries the protocol: "
                        + LogText.sanitize(out, 200));
            }
            return "ran " + javaHome + "/bin/java -version confined in " + millis + " ms";
        } catch (IOException e) {
            throw trialFailed("cannot run the trial sandbox: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw trialFailed("interrupted while running the trial sandbox");
        } finally {
            if (stage != null) {
                stage.delete();
            }
        }
    }

    private static SandboxUnavailableException trialFailed(String cause) {
        return new SandboxUnavailableException(SandboxUnavailableException.Reason.TRIAL_FAILED,
                "cannot confine the owner's engine: " + cause);
    }

    String trial() {
        return trial;
    }

    Cgroups cgroups() {
        return cgroups;
    }

    Optional<SeccompFilter> seccomp() {
        return seccomp;
    }

    /** True when the server runs as root: bubblewrap then runs as host user 65534. */
    boolean dropToSandboxUser() {
        return setpriv.isPresent();
    }

    boolean hasAnyCgroup() {
        for (var c : Cgroups.Controller.values()) {
            if (cgroups.placement(c).parent().isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Bubblewrap running as 65534 must reach the state directory: each parent must be searchable by others. */
    void checkReachable(Path state) throws IOException {
        for (var p = state.getParent(); p != null; p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("the engine's state directory " + state + " is out of reach of the sandbox "
                        + "user " + BubblewrapCommand.SANDBOX_UID + ": " + p + " is not searchable by others "
                        + "(chmod o+x " + p + ", or keep the state directory under a searchable path)");
            }
        }
    }

    /** The rlimits and the applied limits for a sandbox with this (possibly absent) cgroup. */
    record Limits(BubblewrapCommand.Rlimits rlimits, AppliedLimits applied) {}

    Limits limits(Optional<CgroupLease> lease) {
        var enforced = lease.map(CgroupLease::enforced).orElse(Map.of());
        var gaps = new ArrayList<String>();
        boolean rl = prlimit.isPresent();

        AppliedLimits.Enforcement memory;
        OptionalLong data = OptionalLong.empty();
        if (enforced.containsKey(Cgroups.Controller.MEMORY)) {
            memory = AppliedLimits.Enforcement.of(enforced.get(Cgroups.Controller.MEMORY));
        } else if (rl) {
            memory = AppliedLimits.Enforcement.RLIMIT;
            data = OptionalLong.of(settings.memoryBytes());
            gaps.add("memory: RLIMIT_DATA per process (virtual, not resident memory of the sandbox); no cgroup: "
                    + cgroups.placement(Cgroups.Controller.MEMORY).detail());
        } else {
            memory = AppliedLimits.Enforcement.JVM_FLAGS;
            gaps.add("memory: only -Xmx and -XX:MaxDirectMemorySize (no cgroup, no prlimit)");
        }
        boolean swap = lease.map(CgroupLease::swapIncluded).orElse(false) || memory == AppliedLimits.Enforcement.RLIMIT
                || hostHasNoSwap();
        if (!swap && memory != AppliedLimits.Enforcement.JVM_FLAGS) {
            gaps.add("memory: swap is not counted (the kernel has no swap accounting for this cgroup)");
        }

        AppliedLimits.Enforcement tasks;
        OptionalInt nproc = OptionalInt.empty();
        if (enforced.containsKey(Cgroups.Controller.PIDS)) {
            tasks = AppliedLimits.Enforcement.of(enforced.get(Cgroups.Controller.PIDS));
        } else if (rl && dropToSandboxUser()) {
            // RLIMIT_NPROC counts every process of the host user; meaningful only for the dedicated user 65534
            tasks = AppliedLimits.Enforcement.RLIMIT;
            nproc = OptionalInt.of(settings.maxTasks());
            gaps.add("tasks: RLIMIT_NPROC of host user 65534 (shared with its other processes); no cgroup: "
                    + cgroups.placement(Cgroups.Controller.PIDS).detail());
        } else {
            tasks = AppliedLimits.Enforcement.NONE;
            gaps.add("tasks: not limited (no pids cgroup, and RLIMIT_NPROC would count the server's own threads)");
        }

        AppliedLimits.Enforcement cpu;
        if (enforced.containsKey(Cgroups.Controller.CPU)) {
            cpu = AppliedLimits.Enforcement.of(enforced.get(Cgroups.Controller.CPU));
        } else {
            cpu = AppliedLimits.Enforcement.JVM_FLAGS;
            gaps.add("cpu: no quota, only -XX:ActiveProcessorCount; no cgroup: "
                    + cgroups.placement(Cgroups.Controller.CPU).detail());
        }
        if (!rl) {
            gaps.add("files: no prlimit, so neither the largest file nor core dumps are limited");
        }
        if (!version.atLeast(Bubblewrap.SIZE)) {
            gaps.add("tmp: bubblewrap " + version + " cannot size a tmpfs; /state/tmp is on the host's disk");
        }
        if (seccomp.isEmpty()) {
            gaps.add("seccomp: no filter for " + System.getProperty("os.arch") + " (x86_64 only)");
        }
        int hostUid = dropToSandboxUser() ? BubblewrapCommand.SANDBOX_UID : uid;
        if (hostUid == 0) {
            gaps.add("uid: no setpriv, so bubblewrap runs as root and the engine's uid maps to host root");
        }
        var applied = new AppliedLimits(settings.mode(), settings.memoryBytes(), memory, swap, settings.heapBytes(),
                settings.directMemoryBytes(), settings.cpus(), cpu, settings.maxTasks(), tasks, settings.tmpBytes(),
                seccomp.isPresent(), hostUid, gaps);
        return new Limits(new BubblewrapCommand.Rlimits(settings.tmpBytes(), data, nproc), applied);
    }

    BubblewrapCommand.Plan plan(Optional<Path> bundle, Path state, Optional<Path> seccompFile, List<Path> procs,
                                BubblewrapCommand.Rlimits rlimits, List<String> engineCommand) {
        return new BubblewrapCommand.Plan(settings.bubblewrap(), version, javaHome, libraries, bundle, state,
                seccompFile, procs, rlimits, prlimit, setpriv, settings.tmpBytes(), engineCommand);
    }

    String describe() {
        return "bubblewrap " + version + ", JDK " + javaHome + ", " + libraries.size() + " system library entries, "
                + (seccomp.isPresent() ? "seccomp filter" : "no seccomp filter") + ", "
                + (dropToSandboxUser() ? "bubblewrap as host user 65534" : "bubblewrap as host user " + uid) + ", "
                + (prlimit.isPresent() ? "prlimit" : "no prlimit") + "; " + trial;
    }

    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    static boolean kernelHasSeccomp() {
        try {
            return Files.readString(Path.of("/proc/self/status")).contains("\nSeccomp:");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hostHasNoSwap() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .anyMatch(l -> l.matches("SwapTotal:\\s+0 kB"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> tool(String name) {
        return TOOL_DIRECTORIES.stream().map(d -> d.resolve(name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }
}
