package org.custos.release.confine;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running (or finished) engine process. The host speaks its protocol on {@link #stdin()} and {@link #stdout()};
 * stderr is drained into the log by the sandbox (bounded, see {@link ConfinementSettings#stderrLinesPerMinute()}).
 *
 * <p>{@link #pid()} is the host pid of the sandbox's outer process (bubblewrap's monitor); the engine's JVM is a
 * descendant in its own pid namespace. {@link #kill()} ends the whole tree: SIGKILL to the outer process, to every
 * descendant and to every process left in the sandbox's cgroups; the pid namespace dies with its init in any case.
 * {@link #onExit()} completes once the process is gone and the sandbox's cgroups and staged files are removed.
 */
public final class ConfinedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final AppliedLimits limits;
    private final String bundleDigest;
    private final Optional<CgroupLease> cgroup;
    private final CompletableFuture<ConfinedProcess> exited;

    ConfinedProcess(String name, Process process, AppliedLimits limits, String bundleDigest,
                    Optional<CgroupLease> cgroup, Runnable cleanup) {
        this.name = name;
        this.process = process;
        this.limits = limits;
        this.bundleDigest = bundleDigest;
        this.cgroup = cgroup;
        this.exited = process.onExit().handleAsync((p, e) -> {
            cleanup.run();
            return this;
        }, Sandbox.CLEANUP);
    }

    /** The sandbox's name, as given in its {@link LaunchSpec}. */
    public String name() {
        return name;
    }

    /** The engine's standard input: frames from the host. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The engine's standard output: frames from the engine. */
    public InputStream stdout() {
        return process.getInputStream();
    }

    /** The host pid of the sandbox's outer process. */
    public long pid() {
        return process.pid();
    }

    /** {@code sha256:<hex>} of the bytes the sandbox runs (its private copy of the bundle), for the host to compare. */
    public String bundleDigest() {
        return bundleDigest;
    }

    /** The limits this sandbox got, and what enforces each. */
    public AppliedLimits limits() {
        return limits;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The exit status once the process is gone: the engine's own status, or 128 + the signal that killed it
     * (137 for SIGKILL, which is also how the cgroup's OOM killer ends it); empty while it runs.
     */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Waits for the process to end and its cgroups and files to be removed; returns the exit status. */
    public int waitFor() throws InterruptedException {
        try {
            exited.get();
        } catch (ExecutionException e) {
            // cleanup never fails the future; fall through to the status
        }
        return process.waitFor();
    }

    /** Waits at most {@code timeout}; true when the process ended (and was cleaned up) in time. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        try {
            exited.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    /** Completes when the process has ended and the sandbox's cgroups and staged files are gone. */
    public CompletableFuture<ConfinedProcess> onExit() {
        return exited;
    }

    /** Ends the whole sandbox now (SIGKILL); does not wait. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        cgroup.ifPresent(CgroupLease::killAll);
    }

    /** The sandbox's cgroup directories (empty without cgroups); for tests of their removal. */
    List<Path> cgroupDirectories() {
        return cgroup.map(CgroupLease::directories).orElse(List.of());
    }

    /** Kills the sandbox and waits for it to be cleaned up. */
    @Override
    public void close() throws InterruptedException {
        kill();
        waitFor();
    }

    @Override
    public String toString() {
        return "ConfinedProcess[" + name + ", pid " + process.pid() + (process.isAlive() ? ", running" : ", exited")
                + "]";
    }
}
