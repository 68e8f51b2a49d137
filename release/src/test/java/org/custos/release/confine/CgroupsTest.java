package org.custos.release.confine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupsTest {

    /** This machine's layout: v1 controllers, a unified hierarchy with none of them, systemd's named hierarchy. */
    static final String HYBRID = """
            25 1 0:23 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            26 25 0:24 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            27 25 0:25 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            28 25 0:26 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            29 25 0:27 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            30 25 0:28 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            31 25 0:29 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;
    static final String HYBRID_SELF = """
            9:name=systemd:/
            8:pids:/
            4:memory:/process_api/abc
            1:cpu:/
            0::/
            """;

    @Test
    void v1_placesEachControllerUnderThisProcessesCgroup() {
        var mounts = Cgroups.parseMounts(HYBRID);
        var self = Cgroups.parseMembership(HYBRID_SELF);
        var memory = Cgroups.place(Cgroups.Controller.MEMORY, mounts, self, false);
        assertThat(memory.flavour()).isEqualTo(Probe.CgroupFlavour.V1);
        assertThat(memory.parent()).contains(Path.of("/sys/fs/cgroup/memory/process_api/abc"));
        assertThat(Cgroups.place(Cgroups.Controller.PIDS, mounts, self, false).parent())
                .contains(Path.of("/sys/fs/cgroup/pids"));
        assertThat(Cgroups.place(Cgroups.Controller.CPU, mounts, self, false).parent())
                .contains(Path.of("/sys/fs/cgroup/cpu"));
    }

    @Test
    void v1_coMountedCpuAndCpuacct() {
        var mounts = Cgroups.parseMounts("26 25 0:24 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n");
        var cpu = Cgroups.place(Cgroups.Controller.CPU, mounts,
                Cgroups.parseMembership("3:cpu,cpuacct:/user.slice\n"), false);
        assertThat(cpu.parent()).contains(Path.of("/sys/fs/cgroup/cpu,cpuacct/user.slice"));
    }

    @Test
    void v2_delegated_isUsed(@TempDir Path root) throws Exception {
        var own = Files.createDirectories(root.resolve("system.slice/custos.service"));
        Files.writeString(own.resolve("cgroup.subtree_control"), "cpu memory pids\n");
        var mounts = Cgroups.parseMounts("31 25 0:29 / " + root + " rw,relatime - cgroup2 cgroup2 rw\n");
        var self = Cgroups.parseMembership("0::/system.slice/custos.service\n");
        for (var c : Cgroups.Controller.values()) {
            var p = Cgroups.place(c, mounts, self, false);
            assertThat(p.flavour()).isEqualTo(Probe.CgroupFlavour.V2);
            assertThat(p.parent()).contains(own);
        }
    }

    @Test
    void v2_notDelegated_saysHowToDelegate(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.subtree_control"), "pids\n");
        var mounts = Cgroups.parseMounts("31 25 0:29 / " + root + " rw - cgroup2 cgroup2 rw\n");
        var memory = Cgroups.place(Cgroups.Controller.MEMORY, mounts, Map.of("", "/"), false);
        assertThat(memory.flavour()).isEqualTo(Probe.CgroupFlavour.NONE);
        assertThat(memory.detail()).contains("memory is not enabled", "Delegate=yes");
        assertThat(Cgroups.place(Cgroups.Controller.PIDS, mounts, Map.of("", "/"), false).flavour())
                .isEqualTo(Probe.CgroupFlavour.V2);
    }

    @Test
    void noCgroupFileSystem_isNoneWithAReason() {
        var p = Cgroups.place(Cgroups.Controller.MEMORY,
                Cgroups.parseMounts("22 1 0:5 / /proc rw - proc proc rw\n"), Map.of(), false);
        assertThat(p.flavour()).isEqualTo(Probe.CgroupFlavour.NONE);
        assertThat(p.detail()).contains("no cgroup hierarchy offers memory");
    }

    @Test
    void mountPointsWithSpaces_areUnescaped() {
        var m = Cgroups.parseMounts("1 2 0:1 / /mnt/with\\040space rw shared:1 - cgroup2 cgroup2 rw\n");
        assertThat(m).singleElement().extracting(Cgroups.Mount::mountPoint).isEqualTo(Path.of("/mnt/with space"));
    }

    @Property
    void unescape_invertsTheKernelsOctalEscapes(@ForAll String s) {
        var escaped = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\\') {
                escaped.append(String.format("\\%03o", (int) ch));
            } else {
                escaped.append(ch);
            }
        }
        assertThat(Cgroups.unescape(escaped.toString())).isEqualTo(s);
    }

    @Test
    void detect_onThisMachine_answersForEveryController() {
        var cgroups = Cgroups.detect();
        for (var c : Cgroups.Controller.values()) {
            assertThat(cgroups.placement(c).detail()).isNotBlank();
        }
    }
}
