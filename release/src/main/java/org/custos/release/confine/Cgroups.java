package org.custos.release.confine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which cgroup controllers this process may use for its children, found from {@code /proc/self/mountinfo} and
 * {@code /proc/self/cgroup}. Each sandbox gets a child of this process's own cgroup (so its limits nest under
 * whatever limits the server itself runs with) per controller:
 *
 * <ul>
 *   <li>cgroup v1: a controller is usable when a {@code cgroup} mount carries it and a child directory can be made
 *       under this process's cgroup in that hierarchy (the probe makes and removes one);
 *   <li>cgroup v2 (unified): when the controller is listed in this process's {@code cgroup.subtree_control}, that
 *       is, whoever runs the server delegated it (systemd {@code Delegate=yes} with the server in a leaf). The
 *       sandbox does not enable controllers itself: with the server's own processes in its cgroup the kernel's
 *       no-internal-process rule forbids it, and moving the server is not the sandbox's business;
 *   <li>otherwise none, with the reason, and the sandbox falls back to rlimits.
 * </ul>
 */
final class Cgroups {

    enum Controller {
        MEMORY("memory", "memory.limit_in_bytes", "memory.max"),
        PIDS("pids", "pids.max", "pids.max"),
        CPU("cpu", "cpu.cfs_quota_us", "cpu.max");

        final String kernelName;
        final String v1File;
        final String v2File;

        Controller(String kernelName, String v1File, String v2File) {
            this.kernelName = kernelName;
            this.v1File = v1File;
            this.v2File = v2File;
        }
    }

    /** Where one controller can be used: its flavour, the parent directory for children, and words for the probe. */
    record Placement(Probe.CgroupFlavour flavour, Optional<Path> parent, String detail) {
        static Placement none(String reason) {
            return new Placement(Probe.CgroupFlavour.NONE, Optional.empty(), reason);
        }
    }

    /** A line of mountinfo that mounts a cgroup file system. */
    record Mount(Path mountPoint, String root, String type, Set<String> superOptions) {}

    private final Map<Controller, Placement> placements;

    Cgroups(Map<Controller, Placement> placements) {
        this.placements = Map.copyOf(placements);
    }

    /** No cgroups at all (tests of the rlimit fallback; machines without a cgroup file system). */
    static Cgroups none(String reason) {
        var m = new EnumMap<Controller, Placement>(Controller.class);
        for (var c : Controller.values()) {
            m.put(c, Placement.none(reason));
        }
        return new Cgroups(m);
    }

    Placement placement(Controller c) {
        return placements.get(c);
    }

    /** What this process may use, tested by making (and removing) a child where the layout says it may. */
    static Cgroups detect() {
        String mountinfo;
        String cgroup;
        try {
            mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
            cgroup = Files.readString(Path.of("/proc/self/cgroup"));
        } catch (IOException e) {
            return none("cannot read /proc/self/mountinfo or /proc/self/cgroup: " + e.getMessage());
        }
        var m = new EnumMap<Controller, Placement>(Controller.class);
        for (var c : Controller.values()) {
            m.put(c, place(c, parseMounts(mountinfo), parseMembership(cgroup), true));
        }
        return new Cgroups(m);
    }

    /** Decides one controller's placement; {@code tryMkdir} makes and removes a probe child to prove it is writable. */
    static Placement place(Controller c, List<Mount> mounts, Map<String, String> membership, boolean tryMkdir) {
        for (var mount : mounts) {
            if (mount.type().equals("cgroup") && mount.superOptions().contains(c.kernelName)) {
                var path = membership.entrySet().stream()
                        .filter(e -> Set.of(e.getKey().split(",")).contains(c.kernelName))
                        .map(Map.Entry::getValue).findFirst();
                if (path.isEmpty()) {
                    return Placement.none("cgroup v1 " + c.kernelName + " is mounted at " + mount.mountPoint()
                            + " but /proc/self/cgroup names no " + c.kernelName + " cgroup for this process");
                }
                return usable(Probe.CgroupFlavour.V1, c, join(mount, path.get()), c.v1File, tryMkdir);
            }
        }
        var unified = mounts.stream().filter(mo -> mo.type().equals("cgroup2")).findFirst();
        var v2path = Optional.ofNullable(membership.get(""));
        if (unified.isPresent() && v2path.isPresent()) {
            var dir = join(unified.get(), v2path.get());
            String enabled;
            try {
                enabled = Files.readString(dir.resolve("cgroup.subtree_control")).strip();
            } catch (IOException e) {
                return Placement.none("cgroup v2 at " + dir + ": cannot read cgroup.subtree_control: "
                        + e.getMessage());
            }
            if (!Set.of(enabled.split("\\s+")).contains(c.kernelName)) {
                return Placement.none("cgroup v2: " + c.kernelName + " is not enabled for children of " + dir
                        + " (delegate it: write +" + c.kernelName + " to its cgroup.subtree_control, e.g. systemd "
                        + "Delegate=yes with the server in a leaf cgroup)");
            }
            return usable(Probe.CgroupFlavour.V2, c, dir, c.v2File, tryMkdir);
        }
        return Placement.none("no cgroup hierarchy offers " + c.kernelName + " to this process");
    }

    private static Placement usable(Probe.CgroupFlavour flavour, Controller c, Path parent, String controlFile,
                                    boolean tryMkdir) {
        if (!tryMkdir) {
            return new Placement(flavour, Optional.of(parent), flavour + " " + parent);
        }
        var probe = parent.resolve("custos-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectory(probe);
            try {
                if (!Files.exists(probe.resolve(controlFile))) {
                    return Placement.none(flavour + " " + c.kernelName + " at " + parent + ": a child has no "
                            + controlFile);
                }
            } finally {
                Files.deleteIfExists(probe);
            }
            return new Placement(flavour, Optional.of(parent), flavour + " " + parent);
        } catch (IOException e) {
            return Placement.none(flavour + " " + c.kernelName + ": cannot create a child of " + parent + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static Path join(Mount mount, String cgroupPath) {
        var relative = cgroupPath;
        if (!mount.root().equals("/") && relative.startsWith(mount.root())) {
            relative = relative.substring(mount.root().length());
        }
        relative = relative.replaceFirst("^/+", "");
        return relative.isEmpty() ? mount.mountPoint() : mount.mountPoint().resolve(relative);
    }

    /**
     * The cgroup mounts of a mountinfo file: {@code id parent major:minor root mountpoint options [optional...] -
     * type source superoptions}, with {@code \040}-style octal escapes in paths.
     */
    static List<Mount> parseMounts(String mountinfo) {
        var out = new ArrayList<Mount>();
        for (var line : mountinfo.split("\n")) {
            var fields = line.strip().split(" ");
            int dash = List.of(fields).indexOf("-");
            if (dash < 6 || dash + 1 >= fields.length) {
                continue;
            }
            var type = fields[dash + 1];
            if (!type.equals("cgroup") && !type.equals("cgroup2")) {
                continue;
            }
            var superOptions = dash + 3 < fields.length ? Set.of(fields[dash + 3].split(",")) : Set.<String>of();
            out.add(new Mount(Path.of(unescape(fields[4])), unescape(fields[3]), type, superOptions));
        }
        return out;
    }

    /** {@code /proc/self/cgroup}: controller list (empty for v2) to path. */
    static Map<String, String> parseMembership(String procSelfCgroup) {
        var out = new LinkedHashMap<String, String>();
        for (var line : procSelfCgroup.split("\n")) {
            var parts = line.strip().split(":", 3);
            if (parts.length == 3) {
                out.putIfAbsent(parts[1], parts[2]);
            }
        }
        return out;
    }

    static String unescape(String s) {
        var sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 3 < s.length() && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
