/**
 * The sandbox that confines the owner's algorithm: a child JVM running an admitted bundle, confined by the
 * operating system, because inside one JVM nothing can confine code (the Security Manager is gone).
 *
 * <h2>What is confined</h2>
 * Under {@link org.custos.release.confine.ConfinementSettings.Mode#BUBBLEWRAP} the engine runs through bubblewrap
 * with the command line documented in {@code BubblewrapCommand}:
 * <ul>
 *   <li><b>Namespaces.</b> New user, pid, ipc, uts, cgroup, mount and network namespaces ({@code --unshare-all}). The
 *       network namespace has no interface but a downed loopback: no address, host or public, is reachable. The
 *       engine sees only its own processes, is uid/gid 65534 inside, holds no capability ({@code --cap-drop ALL}),
 *       may not make further user namespaces ({@code --disable-userns}), has no controlling terminal
 *       ({@code --new-session}) and is killed when its parent dies ({@code --die-with-parent}).
 *   <li><b>Files.</b> A fresh root, read-only ({@code --remount-ro /}), holding only the JDK at {@code /jdk}, a
 *       private copy of the bundle at {@code /engine/bundle.jar}, the C runtime libraries at their host paths, a
 *       minimal {@code /dev} (read-only: null, zero, random, urandom, ...), a {@code /proc} of its own pid namespace,
 *       and the state directory at {@code /state} (the only writable place; {@code /state/tmp} is a bounded tmpfs
 *       and the JVM's {@code java.io.tmpdir}). No {@code /etc} (so no host names, users or resolver), no
 *       {@code /sys}, no {@code /home}, no {@code /tmp}, no data directory, no key file, no socket of the host.
 *   <li><b>Environment.</b> Empty ({@code --clearenv}, and the launcher's own environment is cleared too, so not
 *       even the sandbox's init holds the server's): no {@code CUSTOS_*} variable, no secret. The engine sees only
 *       {@code PWD=/state}, which bubblewrap sets.
 *   <li><b>System calls.</b> A seccomp filter on x86_64 ({@code SeccompFilter}): no sockets, no new processes (only
 *       threads), no ptrace, mounts, namespaces, BPF, perf, io_uring, keyrings, modules; other architectures run
 *       without it and the probe says so.
 *   <li><b>Resources.</b> Its own child cgroup, joined before the engine runs: memory (swap included where the
 *       kernel accounts it), tasks and a CPU quota; without cgroups, rlimits ({@code RLIMIT_DATA}, and
 *       {@code RLIMIT_NPROC} when the server runs as root) and the JVM's flags. Always: {@code -Xmx},
 *       {@code -XX:MaxDirectMemorySize}, {@code -XX:+ExitOnOutOfMemoryError}, {@code -XX:ActiveProcessorCount},
 *       largest file written ({@code RLIMIT_FSIZE}), no core dumps. {@link org.custos.release.confine.AppliedLimits}
 *       says what held on this machine. (The JVM's exit on out-of-memory covers what HotSpot throws, such as a full
 *       heap; a full direct-buffer budget is an {@code OutOfMemoryError} the engine may catch, still bounded. Memory
 *       taken around the JVM's flags, through {@code Unsafe}, is stopped by the cgroup's OOM killer.)
 *   <li><b>Code.</b> {@code java -cp /engine/bundle.jar Main}, never {@code -jar}; no agents, no attach, no JNI or
 *       FFM restricted calls from the class path ({@code --illegal-native-access=deny}). The bundle is a private
 *       copy taken at start, and {@link org.custos.release.confine.ConfinedProcess#bundleDigest()} is the digest of
 *       exactly those bytes, for the host to hold against the admitted release.
 *   <li><b>Identity on the host.</b> When the server runs as root, bubblewrap itself runs as user 65534
 *       ({@code setpriv}), so the engine is 65534 both inside and on the host; otherwise it is the server's user,
 *       without capabilities. The state directory is given to that user, mode 0700. (With the server as root, the
 *       state directory's parents must be searchable by others; a clear error says so.)
 *   <li><b>Output.</b> stdin and stdout are the protocol's pipes (HotSpot's own messages are moved to stderr);
 *       stderr reaches the custodian's log rate-limited, truncated and stripped of control characters.
 * </ul>
 *
 * <h2>What is not</h2>
 * <ul>
 *   <li>What the engine says on its pipes: the host must validate every answer (and bound its size and time). The
 *       order and scores of a ranking are a channel the sandbox cannot close; so is timing.
 *   <li>The kernel: the sandbox shares the host's kernel, and a kernel exploit escapes it. The seccomp filter
 *       narrows that surface; it is a deny-list, not an allow-list.
 *   <li>Reading the JDK, the bundle and the C runtime (all public), {@code /proc}'s machine-wide files
 *       ({@code cpuinfo}, {@code meminfo}, {@code mountinfo}, which shows the host paths of its binds), and the
 *       contents of its own state directory, which persists across restarts of one release.
 *   <li>Without cgroups the limits are per process and virtual; without {@code setpriv} and as root the engine's uid
 *       maps to host root (still without capabilities); both are reported in the applied limits and logged.
 *   <li>{@link org.custos.release.confine.ConfinementSettings.Mode#UNCONFINED_DEVELOPMENT} confines nothing but the
 *       environment and the JVM's flags, and logs SEVERE on every start.
 * </ul>
 */
package org.custos.release.confine;
