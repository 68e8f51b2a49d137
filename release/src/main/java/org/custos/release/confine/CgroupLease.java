package org.custos.release.confine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sandbox's own cgroup (one directory per hierarchy in v1, one in v2), made with its limits written before the
 * sandbox's first process joins, and removed after its last process is gone.
 */
final class CgroupLease {

    /**
     * The quota's accounting period. A sandbox that spends its quota early in a period (a burst of the JVM's threads)
     * is stopped for the rest of it, and a ranking waits that long: with the kernel's usual 100 ms, the For You
     * engine's rank p99 under a 1-CPU quota was ~50 ms; with 10 ms it is ~10 ms (docs/benchmarks/engine.md).
     */
    static final long CPU_PERIOD_MICROS = 10_000;

    private final Map<Cgroups.Controller, Probe.CgroupFlavour> enforced;
    private final List<Path> directories;
    private final boolean swapIncluded;

    private CgroupLease(Map<Cgroups.Controller, Probe.CgroupFlavour> enforced, List<Path> directories,
                        boolean swapIncluded) {
        this.enforced = Map.copyOf(enforced);
        this.directories = List.copyOf(directories);
        this.swapIncluded = swapIncluded;
    }

    private static final java.util.regex.Pattern LEAF = java.util.regex.Pattern.compile("custos-.*-(\\d+)-[a-z0-9]+");

    /** {@code custos-NAME-PID-RANDOM}: the creating JVM's pid lets a later server remove what a killed one left. */
    static String leafName(String sandboxName, String random) {
        return "custos-" + sandboxName + "-" + ProcessHandle.current().pid() + "-" + random;
    }

    /**
     * Removes empty sandbox cgroups under the usable parents whose creating JVM is gone: a server killed with
     * SIGKILL takes its sandboxes with it (they die with their parent) but cannot remove their directories.
     */
    static int sweepStale(Cgroups cgroups) {
        int removed = 0;
        for (var c : Cgroups.Controller.values()) {
            var parent = cgroups.placement(c).parent();
            if (parent.isEmpty()) {
                continue;
            }
            try (var dirs = Files.newDirectoryStream(parent.get(), "custos-*")) {
                for (var d : dirs) {
                    var m = LEAF.matcher(d.getFileName().toString());
                    if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()
                            && Files.readString(d.resolve("cgroup.procs")).isBlank()) {
                        Files.deleteIfExists(d);
                        removed++;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // another server's sweep got there first, or the hierarchy is read-only: nothing to do
            }
        }
        return removed;
    }

    /**
     * Makes {@code leaf} under each usable controller's parent and writes the limits. Controllers without a
     * placement are left out (the caller falls back to rlimits for them). On any failure what was made is removed.
     */
    static CgroupLease create(Cgroups cgroups, String leaf, ConfinementSettings s) throws IOException {
        var byParent = new LinkedHashMap<Path, List<Cgroups.Controller>>();
        var flavours = new EnumMap<Cgroups.Controller, Probe.CgroupFlavour>(Cgroups.Controller.class);
        for (var c : Cgroups.Controller.values()) {
            var placement = cgroups.placement(c);
            if (placement.parent().isPresent()) {
                byParent.computeIfAbsent(placement.parent().get(), p -> new ArrayList<>()).add(c);
                flavours.put(c, placement.flavour());
            }
        }
        var made = new ArrayList<Path>();
        boolean swap = false;
        try {
            for (var entry : byParent.entrySet()) {
                var dir = entry.getKey().resolve(leaf);
                Files.createDirectory(dir);
                made.add(dir);
                for (var c : entry.getValue()) {
                    swap |= write(c, flavours.get(c), dir, s);
                }
            }
        } catch (IOException | RuntimeException e) {
            new CgroupLease(flavours, made, false).remove();
            throw new IOException("cannot set up the sandbox's cgroup " + leaf + ": " + e.getMessage(), e);
        }
        return new CgroupLease(flavours, made, swap);
    }

    /** Writes one controller's limit; true when the memory limit covers swap too. */
    private static boolean write(Cgroups.Controller c, Probe.CgroupFlavour flavour, Path dir, ConfinementSettings s)
            throws IOException {
        long quota = Math.max(1_000, Math.round(s.cpus() * CPU_PERIOD_MICROS));
        boolean v2 = flavour == Probe.CgroupFlavour.V2;
        switch (c) {
            case MEMORY -> {
                if (v2) {
                    Files.writeString(dir.resolve("memory.max"), Long.toString(s.memoryBytes()));
                    // kill the whole sandbox on OOM rather than one thread's victim process
                    writeIfPresent(dir.resolve("memory.oom.group"), "1");
                    return writeIfPresent(dir.resolve("memory.swap.max"), "0");
                }
                Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(s.memoryBytes()));
                // memsw exists only with swap accounting; it must be written after (and be >=) the RAM limit
                return writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), Long.toString(s.memoryBytes()));
            }
            case PIDS -> Files.writeString(dir.resolve("pids.max"), Integer.toString(s.maxTasks()));
            case CPU -> {
                if (v2) {
                    Files.writeString(dir.resolve("cpu.max"), quota + " " + CPU_PERIOD_MICROS);
                } else {
                    Files.writeString(dir.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_MICROS));
                    Files.writeString(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
                }
            }
        }
        return false;
    }

    private static boolean writeIfPresent(Path file, String value) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        Files.writeString(file, value);
        return true;
    }

    /** How each controller is enforced; absent ones are not. */
    Map<Cgroups.Controller, Probe.CgroupFlavour> enforced() {
        return enforced;
    }

    boolean swapIncluded() {
        return swapIncluded;
    }

    /** The {@code cgroup.procs} files the sandbox's first process writes its pid to before anything else runs. */
    List<Path> procsFiles() {
        return directories.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    List<Path> directories() {
        return directories;
    }

    /** SIGKILL to every process still in the sandbox's cgroups ({@code cgroup.kill} where the kernel has it). */
    void killAll() {
        for (var dir : directories) {
            try {
                if (Files.exists(dir.resolve("cgroup.kill"))) {
                    Files.writeString(dir.resolve("cgroup.kill"), "1");
                    continue;
                }
                for (var line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // the directory is already gone or being emptied; removal reports what is left
            }
        }
    }

    /**
     * Removes the directories, waiting up to two seconds for the last processes to be reaped (the pid namespace's
     * processes die with its init, a moment after the sandbox's outer process). True when all are gone.
     */
    boolean remove() {
        boolean all = true;
        for (var dir : directories) {
            boolean removed = false;
            for (int attempt = 0; attempt < 100 && !removed; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    removed = true;
                } catch (IOException e) {
                    if (attempt == 50) {
                        killAll();
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            all &= removed;
        }
        return all;
    }
}
