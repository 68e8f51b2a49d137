package org.custos.release.confine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The filter, run through a classic-BPF interpreter written from the kernel's description, against every rule. */
class SeccompFilterTest {

    static final SeccompFilter FILTER = SeccompFilter.x86_64();
    static final int ALLOW = SeccompFilter.SECCOMP_RET_ALLOW;
    static final int EPERM = SeccompFilter.SECCOMP_RET_ERRNO | SeccompFilter.EPERM;
    static final int ENOSYS = SeccompFilter.SECCOMP_RET_ERRNO | SeccompFilter.ENOSYS;
    static final int KILL = SeccompFilter.SECCOMP_RET_KILL_PROCESS;

    /** The verdict the rules in the class comment promise. */
    static int expected(int arch, int nr, long arg0) {
        if (arch != SeccompFilter.AUDIT_ARCH_X86_64 || Integer.compareUnsigned(nr, 0x40000000) >= 0) {
            return KILL;
        }
        if (nr == SeccompFilter.NR_CLONE) {
            int flags = (int) arg0;
            return (flags & SeccompFilter.CLONE_NEW_ANY) == 0 && (flags & SeccompFilter.CLONE_THREAD) != 0
                    ? ALLOW : EPERM;
        }
        if (nr == SeccompFilter.NR_CLONE3) {
            return ENOSYS;
        }
        if (SeccompFilter.DENIED.containsValue(nr)) {
            return EPERM;
        }
        return Integer.compareUnsigned(nr, SeccompFilter.NEWEST_KNOWN) > 0 ? ENOSYS : ALLOW;
    }

    @Property(tries = 5000)
    void everySyscall_getsTheVerdictTheRulesPromise(@ForAll @IntRange(min = 0, max = 1200) int nr,
                                                     @ForAll long arg0) {
        assertThat(run(FILTER, SeccompFilter.AUDIT_ARCH_X86_64, nr, arg0))
                .isEqualTo(expected(SeccompFilter.AUDIT_ARCH_X86_64, nr, arg0));
    }

    @Property(tries = 500)
    void anyOtherArchitecture_isKilled(@ForAll int arch, @ForAll @IntRange(min = 0, max = 500) int nr) {
        if (arch != SeccompFilter.AUDIT_ARCH_X86_64) {
            assertThat(run(FILTER, arch, nr, 0)).isEqualTo(KILL);
        }
    }

    @Test
    void specificCalls() {
        int x86 = SeccompFilter.AUDIT_ARCH_X86_64;
        // glibc's pthread_create through clone: CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|...
        assertThat(run(FILTER, x86, 56, 0x3d0f00)).isEqualTo(ALLOW);
        // posix_spawn: CLONE_VM|CLONE_VFORK|SIGCHLD
        assertThat(run(FILTER, x86, 56, 0x4000 | 0x100 | 17)).isEqualTo(EPERM);
        // a thread in a new network namespace
        assertThat(run(FILTER, x86, 56, 0x3d0f00 | 0x40000000)).isEqualTo(EPERM);
        assertThat(run(FILTER, x86, 435, 0)).isEqualTo(ENOSYS);
        assertThat(run(FILTER, x86, 41, 2)).as("socket").isEqualTo(EPERM);
        assertThat(run(FILTER, x86, 57, 0)).as("fork").isEqualTo(EPERM);
        assertThat(run(FILTER, x86, 101, 0)).as("ptrace").isEqualTo(EPERM);
        assertThat(run(FILTER, x86, 425, 0)).as("io_uring_setup").isEqualTo(EPERM);
        assertThat(run(FILTER, x86, 0, 0)).as("read").isEqualTo(ALLOW);
        assertThat(run(FILTER, x86, 59, 0)).as("execve").isEqualTo(ALLOW);
        assertThat(run(FILTER, x86, 202, 0)).as("futex").isEqualTo(ALLOW);
        assertThat(run(FILTER, x86, 0x40000000 | 41, 0)).as("x32 socket").isEqualTo(KILL);
        assertThat(run(FILTER, 0x40000003, 1, 0)).as("i386").isEqualTo(KILL);
        assertThat(run(FILTER, x86, 500, 0)).as("a future call").isEqualTo(ENOSYS);
    }

    @Test
    void bytes_areEightPerInstructionLittleEndian() {
        var bytes = FILTER.bytes();
        assertThat(bytes).hasSize(FILTER.program().size() * 8);
        var b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort(0)).isEqualTo(SeccompFilter.LD_W_ABS);
        assertThat(b.getInt(4)).isEqualTo(SeccompFilter.OFFSET_ARCH);
        assertThat(FILTER.program().size()).isLessThan(4096); // BPF_MAXINSNS
        assertThat(FILTER.describe()).contains("k=0xc000003e");
    }

    @Test
    void forArchitecture_onlyX86_64() {
        assertThat(SeccompFilter.forArchitecture("amd64")).isPresent();
        assertThat(SeccompFilter.forArchitecture("aarch64")).isEmpty();
    }

    /** A classic-BPF interpreter for the instructions the filter uses; every other opcode fails the test. */
    static int run(SeccompFilter filter, int arch, int nr, long arg0) {
        var data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, nr).putInt(4, arch).putLong(8, 0x7f0000001234L).putLong(16, arg0);
        List<SeccompFilter.Instruction> p = filter.program();
        int acc = 0;
        for (int pc = 0; pc < p.size(); pc++) {
            var in = p.get(pc);
            switch (in.code()) {
                case SeccompFilter.LD_W_ABS -> acc = data.getInt(in.k());
                case SeccompFilter.JEQ_K -> pc += acc == in.k() ? in.jt() : in.jf();
                case SeccompFilter.JGT_K -> pc += Integer.compareUnsigned(acc, in.k()) > 0 ? in.jt() : in.jf();
                case SeccompFilter.JGE_K -> pc += Integer.compareUnsigned(acc, in.k()) >= 0 ? in.jt() : in.jf();
                case SeccompFilter.JSET_K -> pc += (acc & in.k()) != 0 ? in.jt() : in.jf();
                case SeccompFilter.RET_K -> {
                    return in.k();
                }
                default -> throw new AssertionError("unexpected opcode " + in.code());
            }
        }
        throw new AssertionError("the program fell off its end");
    }
}
