package org.custos.release.confine;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the owner's engine in a sandbox. See the package documentation for what is confined and what is not.
 *
 * <p>{@link #start} in {@link ConfinementSettings.Mode#BUBBLEWRAP} mode first makes sure, once per instance, that a
 * sandbox built exactly like the engine's can run {@code java -version} here (the trial); if bubblewrap is missing
 * or the trial fails it throws {@link SandboxUnavailableException} and starts nothing. It never falls back to
 * running the engine unconfined: only {@link ConfinementSettings.Mode#UNCONFINED_DEVELOPMENT} does that, and then
 * it logs SEVERE on every start.
 *
 * <p>Every process is started from one long-lived platform thread. Bubblewrap's {@code --die-with-parent} is
 * {@code PR_SET_PDEATHSIG}, which fires when the <em>thread</em> that started the process ends, not the JVM: a
 * sandbox started from a pooled or virtual thread's carrier would be killed when that thread retired.
 */
public final class Sandbox {

    private static final Logger LOG = Logger.getLogger(Sandbox.class.getName());
    /** The one thread that forks sandboxes; it lives as long as the JVM, and so do the sandboxes' parents. */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("custos-sandbox-launcher").factory());
    /** Removes cgroups and staged files after a sandbox exits (may wait for the kernel to reap its processes). */
    static final ExecutorService CLEANUP = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("custos-sandbox-cleanup-", 0).factory());
    private static volatile Probe defaultProbe;

    private final ConfinementSettings settings;
    private final Optional<Cgroups> cgroupsOverride;
    private Host host;

    /** A sandbox with these settings; nothing is checked until the first {@link #start}. */
    public Sandbox(ConfinementSettings settings) {
        this(settings, Optional.empty());
    }

    /** With a fixed cgroup answer (tests of the rlimit fallback). */
    Sandbox(ConfinementSettings settings, Optional<Cgroups> cgroups) {
        this.settings = settings;
        this.cgroupsOverride = cgroups;
    }

    public ConfinementSettings settings() {
        return settings;
    }

    /** What this machine offers with the default settings (probed once per JVM, trial sandbox included). */
    public static Probe probe() {
        var p = defaultProbe;
        if (p == null) {
            p = probe(ConfinementSettings.defaults());
            defaultProbe = p;
        }
        return p;
    }

    /** What this machine offers with these settings; runs a trial sandbox when bubblewrap is present. */
    public static Probe probe(ConfinementSettings settings) {
        var cgroups = Cgroups.detect();
        return probe(settings, cgroups);
    }

    private static Probe probe(ConfinementSettings settings, Cgroups cgroups) {
        Probe.Feature bwrap;
        Probe.Feature trial;
        try {
            var version = Bubblewrap.version(settings.bubblewrap());
            bwrap = version.atLeast(Bubblewrap.OLDEST)
                    ? Probe.Feature.yes(settings.bubblewrap() + " " + version)
                    : Probe.Feature.no(settings.bubblewrap() + " is bubblewrap " + version + "; the sandbox needs "
                            + Bubblewrap.OLDEST + " or later (--clearenv)");
        } catch (Bubblewrap.UnavailableException e) {
            bwrap = Probe.Feature.no(e.getMessage() + " (install the Debian package 'bubblewrap')");
        }
        if (bwrap.available()) {
            try {
                var h = Host.prepare(settings, cgroups);
                trial = Probe.Feature.yes(h.trial());
            } catch (SandboxUnavailableException e) {
                trial = Probe.Feature.no(firstSentence(e.getMessage()));
            }
        } else {
            trial = Probe.Feature.no("not attempted: bubblewrap is unavailable");
        }
        var filter = SeccompFilter.forArchitecture(System.getProperty("os.arch"));
        Probe.Feature seccomp;
        if (filter.isEmpty()) {
            seccomp = Probe.Feature.no("no filter is built for " + System.getProperty("os.arch")
                    + " (x86_64 only): the engine runs without one; namespaces, mounts and limits still apply");
        } else if (!Host.kernelHasSeccomp()) {
            seccomp = Probe.Feature.no("the kernel offers no seccomp filter mode (no Seccomp line in "
                    + "/proc/self/status)");
        } else {
            seccomp = Probe.Feature.yes("x86_64 filter of " + filter.get().program().size() + " instructions; "
                    + SeccompFilter.DENIED.size() + " calls refused, clone only for threads, clone3 ENOSYS");
        }
        return new Probe(bwrap, trial, seccomp, cgroup(cgroups, Cgroups.Controller.MEMORY),
                cgroup(cgroups, Cgroups.Controller.PIDS), cgroup(cgroups, Cgroups.Controller.CPU));
    }

    private static Probe.Cgroup cgroup(Cgroups cgroups, Cgroups.Controller c) {
        var p = cgroups.placement(c);
        return new Probe.Cgroup(p.flavour(), p.detail());
    }

    /**
     * Starts the engine. In bubblewrap mode the first call runs the trial sandbox (about a tenth of a second) and
     * remembers a success; a failure is not remembered, so a later call sees a fix.
     *
     * @throws SandboxUnavailableException bubblewrap mode and no sandbox can run here; nothing was started
     * @throws IOException                 the bundle cannot be read, the state directory or the sandbox's cgroup
     *                                     cannot be made, or the process cannot be started
     */
    public ConfinedProcess start(LaunchSpec spec) throws IOException {
        return switch (settings.mode()) {
            case BUBBLEWRAP -> startConfined(spec);
            case UNCONFINED_DEVELOPMENT -> startUnconfined(spec);
        };
    }

    private synchronized Host host() {
        if (host == null) {
            var cgroups = cgroupsOverride.orElseGet(Cgroups::detect);
            host = Host.prepare(settings, cgroups);
            LOG.info(() -> "sandbox: confinement ready: " + host.describe());
        }
        return host;
    }

    private ConfinedProcess startConfined(LaunchSpec spec) throws IOException {
        var h = host();
        var state = prepareState(spec.stateDirectory());
        var stage = Staging.create(spec.name());
        Optional<CgroupLease> lease = Optional.empty();
        try {
            var digest = stage.copyBundle(spec.bundle());
            if (h.dropToSandboxUser()) {
                h.checkReachable(state);
                Staging.chownTree(state, BubblewrapCommand.SANDBOX_UID);
            }
            var seccompFile = h.seccomp().isPresent()
                    ? Optional.of(stage.write("seccomp.bpf", h.seccomp().get().bytes()))
                    : Optional.<Path>empty();
            lease = h.hasAnyCgroup()
                    ? Optional.of(CgroupLease.create(h.cgroups(), CgroupLease.leafName(spec.name(), stage.suffix()),
                            settings))
                    : Optional.empty();
            var limits = h.limits(lease);
            var plan = h.plan(Optional.of(stage.bundle()), state, seccompFile,
                    lease.map(CgroupLease::procsFiles).orElse(List.of()), limits.rlimits(),
                    JvmCommand.command("/jdk/bin/java", settings, "/state/tmp", "/engine/bundle.jar", spec));
            var argv = BubblewrapCommand.argv(plan);
            LOG.fine(() -> "sandbox " + spec.name() + ": " + BubblewrapCommand.render(argv));
            var process = launch(argv, state);
            StderrDrain.start(process.getErrorStream(), spec.name(), settings.stderrLinesPerMinute());
            var leaseForCleanup = lease;
            var confined = new ConfinedProcess(spec.name(), process, limits.applied(), digest, lease, () -> {
                boolean removed = leaseForCleanup.map(CgroupLease::remove).orElse(true);
                if (!removed) {
                    LOG.warning("sandbox " + spec.name() + ": cgroup left behind: "
                            + leaseForCleanup.get().directories());
                }
                stage.delete();
            });
            LOG.info(() -> "sandbox " + spec.name() + ": started pid " + process.pid() + ", bundle " + digest
                    + ", limits " + limits.applied());
            if (!limits.applied().gaps().isEmpty()) {
                LOG.warning(() -> "sandbox " + spec.name() + ": not enforced here: " + limits.applied().gaps());
            }
            return confined;
        } catch (IOException | RuntimeException e) {
            lease.ifPresent(CgroupLease::remove);
            stage.delete();
            throw e;
        }
    }

    private ConfinedProcess startUnconfined(LaunchSpec spec) throws IOException {
        var state = prepareState(spec.stateDirectory());
        var stage = Staging.create(spec.name());
        try {
            var digest = stage.copyBundle(spec.bundle());
            var java = settings.javaHome().resolve("bin/java").toString();
            var argv = JvmCommand.command(java, settings, state.resolve("tmp").toString(), stage.bundle().toString(),
                    spec);
            LOG.severe("sandbox " + spec.name() + ": the owner's engine is starting UNCONFINED "
                    + "(engine.confinement=unconfined-development): it can reach the network, the file system and "
                    + "every process of this user. Never use this setting with real data.");
            var process = launch(argv, state);
            StderrDrain.start(process.getErrorStream(), spec.name(), settings.stderrLinesPerMinute());
            var limits = new AppliedLimits(settings.mode(), settings.memoryBytes(), AppliedLimits.Enforcement.JVM_FLAGS,
                    false, settings.heapBytes(), settings.directMemoryBytes(), settings.cpus(),
                    AppliedLimits.Enforcement.JVM_FLAGS, settings.maxTasks(), AppliedLimits.Enforcement.NONE,
                    settings.tmpBytes(), false, Host.currentUid(),
                    List.of("unconfined: no namespaces, no seccomp, no cgroup or rlimit; only -Xmx, "
                            + "-XX:MaxDirectMemorySize and -XX:ActiveProcessorCount apply"));
            return new ConfinedProcess(spec.name(), process, limits, digest, Optional.empty(), stage::delete);
        } catch (IOException | RuntimeException e) {
            stage.delete();
            throw e;
        }
    }

    /** The state directory, made if absent, as a real path with a {@code tmp} directory in it. */
    private static Path prepareState(Path stateDirectory) throws IOException {
        Files.createDirectories(stateDirectory);
        var real = stateDirectory.toRealPath();
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the engine's state directory is not a directory: " + real);
        }
        var tmp = real.resolve("tmp");
        if (Files.isSymbolicLink(tmp)) {
            Files.delete(tmp); // left by an earlier engine; tmp must be a directory we made
        }
        Files.createDirectories(tmp);
        // the engine's state is its own: not readable by other users of the host
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        return real;
    }

    /** Starts the process on the launcher thread (see the class comment) with an empty environment. */
    static Process launch(List<String> argv, Path directory) throws IOException {
        var pb = new ProcessBuilder(argv).directory(directory.toFile());
        pb.environment().clear();
        try {
            return LAUNCHER.submit(pb::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start " + argv.getFirst(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + argv.getFirst(), e);
        }
    }

    private static String firstSentence(String message) {
        int i = message.indexOf(". To run the owner's engine confined");
        return i > 0 ? message.substring(0, i) : message;
    }

    /** A sandbox's private files on the host: the bundle copy and the seccomp program. Removed after exit. */
    static final class Staging {
        static final String PREFIX = "custos-sandbox-";
        private static final java.util.regex.Pattern STALE = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(PREFIX) + "(\\d+)-.*");
        private final Path dir;

        private Staging(Path dir) {
            this.dir = dir;
        }

        static Staging create(String name) throws IOException {
            // 0755: when the server runs as root, bubblewrap runs as 65534 and must reach the bundle copy
            // the creating JVM's pid in the name lets a later server remove what a killed one left behind
            var dir = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-" + name + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new Staging(dir);
        }

        String suffix() {
            var n = dir.getFileName().toString();
            return n.substring(n.lastIndexOf('-') + 1).replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        }

        Path bundle() {
            return dir.resolve("bundle.jar");
        }

        /** Copies the bundle (read-only, world-readable) and returns {@code sha256:} of the bytes copied. */
        String copyBundle(Path source) throws IOException {
            if (!Files.isRegularFile(source)) {
                throw new IOException("the engine bundle is not a regular file: " + source);
            }
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
            try (var in = new DigestInputStream(Files.newInputStream(source), sha256)) {
                Files.copy(in, bundle(), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(bundle(), PosixFilePermissions.fromString("r--r--r--"));
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        }

        /** A root-only file (the seccomp program: the wrapper opens it before dropping privileges). */
        Path write(String name, byte[] bytes) throws IOException {
            var file = dir.resolve(name);
            Files.write(file, bytes);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        }

        /** Removes staging directories of JVMs that are gone (killed before they could clean up). */
        static int sweepStale() {
            var tmp = Path.of(System.getProperty("java.io.tmpdir"));
            int removed = 0;
            try (var dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
                for (var d : dirs) {
                    var m = STALE.matcher(d.getFileName().toString());
                    if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()
                            && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                        new Staging(d).delete();
                        removed++;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                LOG.log(Level.FINE, "sandbox: cannot sweep stale staging directories in " + tmp, e);
            }
            return removed;
        }

        void delete() {
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                        Files.deleteIfExists(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                LOG.log(Level.WARNING, "sandbox: cannot remove its staged files in " + dir, e);
            }
        }

        /** Gives a state tree to the sandbox user, without following links the engine may have left in it. */
        static void chownTree(Path root, int uid) throws IOException {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    own(d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    own(file);
                    return FileVisitResult.CONTINUE;
                }

                private void own(Path p) throws IOException {
                    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
                }
            });
        }
    }
}
