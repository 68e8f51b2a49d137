package org.custos.release.confine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The process the host starts for a confined engine, as one argument vector:
 *
 * <pre>
 * /bin/sh -c WRAPPER custos-sandbox SECCOMP-FILE N CGROUP-PROCS... \
 *     [prlimit --core=0 --fsize=T [--data=M] [--nproc=K]] [setpriv --reuid=65534 --regid=65534 --clear-groups --] \
 *     bwrap --unshare-all --unshare-user [--disable-userns] --uid 65534 --gid 65534 --hostname custos-engine \
 *           --cap-drop ALL --die-with-parent --new-session --clearenv [--seccomp 3] \
 *           --ro-bind JDK /jdk [--ro-bind BUNDLE /engine/bundle.jar] (--symlink T P | --ro-bind LIB LIB)... \
 *           --dev /dev --proc /proc --bind STATE /state [--perms 1777 --size T --tmpfs /state/tmp] \
 *           --chdir /state --remount-ro /dev --remount-ro / -- /jdk/bin/java FLAGS -cp /engine/bundle.jar MAIN ARGS
 * </pre>
 *
 * <p>Why a shell in front: {@link ProcessBuilder} passes no file descriptor but 0-2, and bubblewrap reads its seccomp
 * program from one; and the sandbox must be inside its cgroups before it runs anything. The wrapper (a fixed
 * script; every variable part is a positional argument, never spliced into the script) writes its own pid to each
 * {@code cgroup.procs}, opens the filter on fd 3 and unlinks its file, then {@code exec}s, so the same pid goes on to
 * be {@code prlimit}, {@code setpriv} and {@code bwrap}, already limited. When the server runs as root,
 * {@code setpriv} makes bubblewrap itself run as the unprivileged host user 65534: bubblewrap then maps the sandbox's
 * uid 65534 to host uid 65534 rather than to root, so the kernel's special cases for global root (and the rlimit
 * exemptions of root) never apply to the engine.
 */
final class BubblewrapCommand {

    static final String SHELL = "/bin/sh";
    static final int SANDBOX_UID = 65534;
    static final String WRAPPER = """
            set -eu
            seccomp=$1
            n=$2
            shift 2
            while [ "$n" -gt 0 ]; do
              echo $$ > "$1" || { echo "custos-sandbox: cannot join the cgroup $1" >&2; exit 125; }
              shift
              n=$((n - 1))
            done
            if [ -n "$seccomp" ]; then
              exec 3< "$seccomp"
              rm -f -- "$seccomp"
            fi
            exec "$@"
            """;

    /** Resource limits set by {@code prlimit} on the sandbox's first process, inherited by everything in it. */
    record Rlimits(long fileSizeBytes, OptionalLong dataBytes, OptionalInt processes) {
        List<String> prlimitArguments() {
            var out = new ArrayList<String>();
            out.add("--core=0");
            out.add("--fsize=" + fileSizeBytes);
            dataBytes.ifPresent(d -> out.add("--data=" + d));
            processes.ifPresent(n -> out.add("--nproc=" + n));
            return out;
        }
    }

    /**
     * Everything one launch needs.
     *
     * @param bundle      the staged copy of the bundle, or empty for the trial sandbox
     * @param seccompFile the filter's file (the wrapper unlinks it), or empty where no filter is built
     * @param prlimit     {@code prlimit} when present (else no rlimits: reported by the caller)
     * @param setpriv     {@code setpriv} when the server runs as root and must drop to 65534 first
     */
    record Plan(Path bwrap, Bubblewrap.Version version, Path javaHome, List<SystemLibraries.Entry> libraries,
                Optional<Path> bundle, Path stateDirectory, Optional<Path> seccompFile, List<Path> cgroupProcs,
                Rlimits rlimits, Optional<Path> prlimit, Optional<Path> setpriv, long tmpBytes,
                List<String> engineCommand) {
        Plan {
            libraries = List.copyOf(libraries);
            cgroupProcs = List.copyOf(cgroupProcs);
            engineCommand = List.copyOf(engineCommand);
        }
    }

    private BubblewrapCommand() {}

    static List<String> argv(Plan p) {
        var out = new ArrayList<String>();
        out.add(SHELL);
        out.add("-c");
        out.add(WRAPPER);
        out.add("custos-sandbox");
        out.add(p.seccompFile().map(Path::toString).orElse(""));
        out.add(Integer.toString(p.cgroupProcs().size()));
        p.cgroupProcs().forEach(f -> out.add(f.toString()));
        p.prlimit().ifPresent(prlimit -> {
            out.add(prlimit.toString());
            out.addAll(p.rlimits().prlimitArguments());
        });
        p.setpriv().ifPresent(setpriv -> {
            out.add(setpriv.toString());
            out.add("--reuid=" + SANDBOX_UID);
            out.add("--regid=" + SANDBOX_UID);
            out.add("--clear-groups");
            out.add("--");
        });
        out.addAll(bwrap(p));
        return out;
    }

    /** The bubblewrap part alone (what the probe and the logs show). */
    static List<String> bwrap(Plan p) {
        var out = new ArrayList<String>();
        out.add(p.bwrap().toString());
        out.add("--unshare-all");
        out.add("--unshare-user");
        if (p.version().atLeast(Bubblewrap.DISABLE_USERNS)) {
            out.add("--disable-userns");
        }
        out.addAll(List.of("--uid", Integer.toString(SANDBOX_UID), "--gid", Integer.toString(SANDBOX_UID)));
        out.addAll(List.of("--hostname", "custos-engine"));
        out.addAll(List.of("--cap-drop", "ALL"));
        out.add("--die-with-parent");
        out.add("--new-session");
        out.add("--clearenv");
        if (p.seccompFile().isPresent()) {
            out.addAll(List.of("--seccomp", "3"));
        }
        out.addAll(List.of("--ro-bind", p.javaHome().toString(), "/jdk"));
        p.bundle().ifPresent(b -> out.addAll(List.of("--ro-bind", b.toString(), "/engine/bundle.jar")));
        for (var entry : p.libraries()) {
            switch (entry) {
                case SystemLibraries.Entry.Symlink s -> out.addAll(List.of("--symlink", s.target(), s.at().toString()));
                case SystemLibraries.Entry.File f ->
                        out.addAll(List.of("--ro-bind", f.path().toString(), f.path().toString()));
            }
        }
        out.addAll(List.of("--dev", "/dev"));
        out.addAll(List.of("--proc", "/proc"));
        out.addAll(List.of("--bind", p.stateDirectory().toString(), "/state"));
        if (p.version().atLeast(Bubblewrap.SIZE)) {
            // a bounded tmpfs; older bubblewrap cannot size (or open up) one, and /state/tmp stays on the host
            out.addAll(List.of("--perms", "1777", "--size", Long.toString(p.tmpBytes()), "--tmpfs", "/state/tmp"));
        }
        out.addAll(List.of("--chdir", "/state"));
        out.addAll(List.of("--remount-ro", "/dev"));
        out.addAll(List.of("--remount-ro", "/"));
        out.add("--");
        out.addAll(p.engineCommand());
        return out;
    }

    /** A shell-quoted rendering for logs and reports. */
    static String render(List<String> argv) {
        var sb = new StringBuilder();
        for (var a : argv) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(a.matches("[A-Za-z0-9_./=:+,@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
