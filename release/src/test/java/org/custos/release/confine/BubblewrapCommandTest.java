package org.custos.release.confine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BubblewrapCommandTest {

    static BubblewrapCommand.Plan plan(Bubblewrap.Version v) {
        var s = ConfinementSettings.defaults();
        var spec = LaunchSpec.of(Path.of("/srv/b.jar"), "org.example.Main", Path.of("/srv/state"), "e")
                .withJvmFlags(List.of("-Xmx8g"));
        return new BubblewrapCommand.Plan(Path.of("/usr/bin/bwrap"), v, Path.of("/opt/jdk"),
                List.of(new SystemLibraries.Entry.Symlink("usr/lib64", Path.of("/lib64")),
                        new SystemLibraries.Entry.File(Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6"))),
                Optional.of(Path.of("/tmp/stage/bundle.jar")), Path.of("/srv/state"),
                Optional.of(Path.of("/tmp/stage/seccomp.bpf")),
                List.of(Path.of("/sys/fs/cgroup/memory/x/cgroup.procs")),
                new BubblewrapCommand.Rlimits(1 << 20, OptionalLong.of(1 << 30), OptionalInt.of(256)),
                Optional.of(Path.of("/usr/bin/prlimit")), Optional.of(Path.of("/usr/bin/setpriv")), 1 << 20,
                JvmCommand.command("/jdk/bin/java", s, "/state/tmp", "/engine/bundle.jar", spec));
    }

    @Test
    void argv_wrapsBubblewrapInTheShellPrlimitAndSetpriv() {
        var argv = BubblewrapCommand.argv(plan(new Bubblewrap.Version(0, 8, 0)));
        System.out.println(BubblewrapCommand.render(argv));
        assertThat(argv.subList(0, 2)).containsExactly("/bin/sh", "-c");
        assertThat(argv.get(3)).isEqualTo("custos-sandbox");
        assertThat(argv.subList(4, 7)).containsExactly("/tmp/stage/seccomp.bpf", "1",
                "/sys/fs/cgroup/memory/x/cgroup.procs");
        assertThat(argv.subList(7, 12)).containsExactly("/usr/bin/prlimit", "--core=0", "--fsize=1048576",
                "--data=1073741824", "--nproc=256");
        assertThat(argv.subList(12, 17)).containsExactly("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "--");
        assertThat(argv.get(17)).isEqualTo("/usr/bin/bwrap");
        // the wrapper is fixed text: nothing variable is spliced into it
        assertThat(argv.get(2)).isEqualTo(BubblewrapCommand.WRAPPER);
    }

    @Test
    void bwrap_confinesAsDocumented() {
        var b = BubblewrapCommand.bwrap(plan(new Bubblewrap.Version(0, 8, 0)));
        var cmd = String.join(" ", b);
        assertThat(cmd).contains("--unshare-all --unshare-user --disable-userns --uid 65534 --gid 65534",
                "--cap-drop ALL", "--die-with-parent", "--new-session", "--clearenv", "--seccomp 3",
                "--ro-bind /opt/jdk /jdk", "--ro-bind /tmp/stage/bundle.jar /engine/bundle.jar",
                "--symlink usr/lib64 /lib64",
                "--ro-bind /usr/lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "--dev /dev --proc /proc --bind /srv/state /state",
                "--perms 1777 --size 1048576 --tmpfs /state/tmp", "--chdir /state",
                "--remount-ro /dev --remount-ro / -- /jdk/bin/java -Xmx8g -Xmx536870912");
        assertThat(cmd).doesNotContain("/etc", "/sys", "/home", "--share-net", "-jar");
        // the sandbox's flags come after the host's (the last -Xmx wins), the class path last
        int cp = b.indexOf("-cp");
        assertThat(b.subList(cp, b.size())).containsExactly("-cp", "/engine/bundle.jar", "org.example.Main");
        assertThat(Collections.frequency(b, "--remount-ro")).isEqualTo(2);
        assertThat(b.lastIndexOf("--remount-ro")).isLessThan(b.indexOf("--"));
    }

    @Test
    void olderBubblewrap_getsOnlyWhatItUnderstands() {
        var cmd = String.join(" ", BubblewrapCommand.bwrap(plan(new Bubblewrap.Version(0, 6, 1))));
        assertThat(cmd).doesNotContain("--disable-userns", "--size", "--tmpfs");
    }

    @Test
    void version_isParsed() {
        assertThat(Bubblewrap.parseVersion("bubblewrap 0.8.0\n")).contains(new Bubblewrap.Version(0, 8, 0));
        assertThat(Bubblewrap.parseVersion("bwrap")).isEmpty();
        assertThat(new Bubblewrap.Version(0, 10, 0).atLeast(Bubblewrap.DISABLE_USERNS)).isTrue();
        assertThat(new Bubblewrap.Version(0, 4, 1).atLeast(Bubblewrap.OLDEST)).isFalse();
    }
}
