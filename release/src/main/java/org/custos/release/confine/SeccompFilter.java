package org.custos.release.confine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The system-call filter of the owner's engine: a classic BPF program (the form {@code seccomp(2)} and bubblewrap's
 * {@code --seccomp FD} take), generated here byte for byte.
 *
 * <p>Why hand-written: the usual generator is libseccomp (C); nothing on the JVM exposes it, binding it through the
 * FFM API would make the boundary depend on a native library for the sake of about seventy instructions, and
 * bubblewrap wants the compiled program, not rules. The program is short enough to read in full ({@link #describe()}
 * prints it) and a test runs it through a BPF interpreter against every rule.
 *
 * <p>What it does, in order:
 * <ol>
 *   <li>Any architecture but x86_64 (for example i386 through {@code int 0x80}) kills the process, and so does the
 *       x32 ABI (numbers with bit 30 set): the JVM uses neither, and each has its own syscall table a deny-list
 *       would have to repeat.
 *   <li>{@code clone} is allowed only with {@code CLONE_THREAD} and without any {@code CLONE_NEW*} flag: threads,
 *       never processes. {@code clone3} answers {@code ENOSYS}, since its flags live in memory BPF cannot read, and
 *       glibc then falls back to {@code clone} for {@code pthread_create}. {@code fork} and {@code vfork} fail.
 *   <li>Calls the JVM never needs and an escape would: sockets (the protocol runs on the pipes the engine is
 *       given), tracing and reading other processes, mounts and namespaces, kernel keyrings, BPF, perf,
 *       {@code userfaultfd}, io_uring (its operations bypass this filter), modules, kexec, reboot, swap, clocks,
 *       personality, {@code modify_ldt}, file handles: {@code EPERM}.
 *   <li>Numbers above the newest call this table knows answer {@code ENOSYS}, so a call added to Linux later is
 *       refused rather than allowed by omission; glibc and the JDK treat {@code ENOSYS} as an older kernel.
 *   <li>Everything else is allowed: a deny-list, chosen because an allow-list for HotSpot, glibc and every JDK
 *       release would break on updates, while the namespaces already take away what the remaining calls could
 *       reach.
 * </ol>
 */
final class SeccompFilter {

    /** {@code AUDIT_ARCH_X86_64}: {@code EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE}. */
    static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    static final int X32_SYSCALL_BIT = 0x40000000;
    static final int CLONE_THREAD = 0x00010000;
    /** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET. */
    static final int CLONE_NEW_ANY = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000
            | 0x40000000;

    static final int NR_CLONE = 56;
    static final int NR_CLONE3 = 435;
    /** open_tree_attr (Linux 6.15), the newest number in {@link #DENIED}'s table; anything above is ENOSYS. */
    static final int NEWEST_KNOWN = 467;

    static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    static final int SECCOMP_RET_ERRNO = 0x00050000;
    static final int SECCOMP_RET_ALLOW = 0x7FFF0000;
    static final int EPERM = 1;
    static final int ENOSYS = 38;

    /** x86_64 numbers of the calls that fail with EPERM (from the kernel's syscall_64.tbl). */
    static final Map<String, Integer> DENIED = denied();

    private static Map<String, Integer> denied() {
        var m = new TreeMap<String, Integer>();
        // processes and other processes' memory
        m.put("fork", 57); m.put("vfork", 58); m.put("ptrace", 101); m.put("process_vm_readv", 310);
        m.put("process_vm_writev", 311); m.put("kcmp", 312); m.put("pidfd_getfd", 438);
        // network: no socket of any family (the namespace has no interfaces; AF_UNIX paths are not mounted)
        m.put("socket", 41); m.put("socketpair", 53);
        // mounts and namespaces
        m.put("mount", 165); m.put("umount2", 166); m.put("pivot_root", 155); m.put("chroot", 161);
        m.put("unshare", 272); m.put("setns", 308); m.put("open_tree", 428); m.put("move_mount", 429);
        m.put("fsopen", 430); m.put("fsconfig", 431); m.put("fsmount", 432); m.put("fspick", 433);
        m.put("mount_setattr", 442); m.put("open_tree_attr", 467);
        // kernel attack surface an engine has no use for
        m.put("bpf", 321); m.put("perf_event_open", 298); m.put("userfaultfd", 323); m.put("keyctl", 250);
        m.put("add_key", 248); m.put("request_key", 249); m.put("io_uring_setup", 425);
        m.put("io_uring_enter", 426); m.put("io_uring_register", 427); m.put("fanotify_init", 300);
        m.put("open_by_handle_at", 304); m.put("name_to_handle_at", 303); m.put("personality", 135);
        m.put("modify_ldt", 154); m.put("iopl", 172); m.put("ioperm", 173); m.put("uselib", 134);
        m.put("_sysctl", 156); m.put("lookup_dcookie", 212); m.put("nfsservctl", 180); m.put("vhangup", 153);
        m.put("syslog", 103);
        // the machine itself
        m.put("init_module", 175); m.put("finit_module", 313); m.put("delete_module", 176);
        m.put("kexec_load", 246); m.put("kexec_file_load", 320); m.put("reboot", 169); m.put("swapon", 167);
        m.put("swapoff", 168); m.put("acct", 163); m.put("quotactl", 179); m.put("quotactl_fd", 443);
        m.put("settimeofday", 164); m.put("clock_settime", 227); m.put("clock_adjtime", 305);
        m.put("adjtimex", 159);
        return Map.copyOf(m);
    }

    // classic BPF opcodes
    static final short LD_W_ABS = 0x20;
    static final short JEQ_K = 0x15;
    static final short JGT_K = 0x25;
    static final short JGE_K = 0x35;
    static final short JSET_K = 0x45;
    static final short RET_K = 0x06;

    /** struct seccomp_data offsets: nr, arch, instruction_pointer, args[6] (little-endian, low word first). */
    static final int OFFSET_NR = 0;
    static final int OFFSET_ARCH = 4;
    static final int OFFSET_ARG0_LOW = 16;

    /** One {@code struct sock_filter}. */
    record Instruction(short code, int jt, int jf, int k) {
        Instruction {
            if (jt < 0 || jt > 255 || jf < 0 || jf > 255) {
                throw new IllegalArgumentException("jump offsets are 8 bits: " + jt + ", " + jf);
            }
        }
    }

    private final List<Instruction> program;

    private SeccompFilter(List<Instruction> program) {
        this.program = List.copyOf(program);
    }

    /** The filter for this machine, or empty with the reason when none is built for its architecture. */
    static Optional<SeccompFilter> forArchitecture(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> Optional.of(x86_64());
            default -> Optional.empty();
        };
    }

    static SeccompFilter x86_64() {
        var p = new ArrayList<Instruction>();
        p.add(new Instruction(LD_W_ABS, 0, 0, OFFSET_ARCH));
        p.add(new Instruction(JEQ_K, 1, 0, AUDIT_ARCH_X86_64));
        p.add(new Instruction(RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS));
        p.add(new Instruction(LD_W_ABS, 0, 0, OFFSET_NR));
        p.add(new Instruction(JGE_K, 0, 1, X32_SYSCALL_BIT));
        p.add(new Instruction(RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS));
        // clone: the flags are arg0; only their low word carries CLONE_THREAD and the namespace flags
        p.add(new Instruction(JEQ_K, 0, 5, NR_CLONE));
        p.add(new Instruction(LD_W_ABS, 0, 0, OFFSET_ARG0_LOW));
        p.add(new Instruction(JSET_K, 2, 0, CLONE_NEW_ANY));
        p.add(new Instruction(JSET_K, 0, 1, CLONE_THREAD));
        p.add(new Instruction(RET_K, 0, 0, SECCOMP_RET_ALLOW));
        p.add(new Instruction(RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM));
        p.add(new Instruction(JEQ_K, 0, 1, NR_CLONE3));
        p.add(new Instruction(RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS));
        for (int nr : DENIED.values().stream().sorted().toList()) {
            p.add(new Instruction(JEQ_K, 0, 1, nr));
            p.add(new Instruction(RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM));
        }
        p.add(new Instruction(JGT_K, 0, 1, NEWEST_KNOWN));
        p.add(new Instruction(RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS));
        p.add(new Instruction(RET_K, 0, 0, SECCOMP_RET_ALLOW));
        return new SeccompFilter(p);
    }

    List<Instruction> program() {
        return program;
    }

    /** The program as the kernel reads it: 8 bytes per instruction, native (little-endian) order. */
    byte[] bytes() {
        var buffer = ByteBuffer.allocate(program.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (var i : program) {
            buffer.putShort(i.code()).put((byte) i.jt()).put((byte) i.jf()).putInt(i.k());
        }
        return buffer.array();
    }

    /** A listing, one instruction a line, for reviewers and the probe's log. */
    String describe() {
        var sb = new StringBuilder();
        for (int i = 0; i < program.size(); i++) {
            var in = program.get(i);
            sb.append(String.format("%3d: code=0x%02x jt=%d jf=%d k=0x%08x%n", i, in.code(), in.jt(), in.jf(), in.k()));
        }
        return sb.toString();
    }
}
