package org.custos.release.confine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemLibrariesTest {

    @Test
    void parseList_readsResolvedPathsAndSkipsTheMissing() {
        var out = """
                \tlinux-vdso.so.1 (0x00007ffd5b1f2000)
                \tlibjli.so => /opt/jdk/bin/../lib/libjli.so (0x00007f1)
                \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2)
                \tlibX11.so.6 => not found
                \t/lib64/ld-linux-x86-64.so.2 (0x00007f3)
                """;
        assertThat(SystemLibraries.parseList(out)).containsExactly(Path.of("/opt/jdk/bin/../lib/libjli.so"),
                Path.of("/lib/x86_64-linux-gnu/libc.so.6"), Path.of("/lib64/ld-linux-x86-64.so.2"));
    }

    @Test
    void runtime_keepsTheCRuntimeOnly() {
        for (var name : List.of("libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libz.so.1",
                "libgcc_s.so.1", "libstdc++.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1")) {
            assertThat(SystemLibraries.RUNTIME.matcher(name).matches()).as(name).isTrue();
        }
        for (var name : List.of("libX11.so.6", "libasound.so.2", "libfreetype.so.6", "libcrypt.so.1")) {
            assertThat(SystemLibraries.RUNTIME.matcher(name).matches()).as(name).isFalse();
        }
    }

    @Test
    void materialize_recreatesSymlinkedDirectoriesAndFiles(@TempDir Path root) throws Exception {
        // a merged-/usr layout: lib64 -> usr/lib64, usr/lib64/ld.so -> ../lib/x/ld.so
        var real = Files.createDirectories(root.resolve("usr/lib/x"));
        Files.writeString(real.resolve("ld.so"), "loader");
        Files.createDirectories(root.resolve("usr/lib64"));
        Files.createSymbolicLink(root.resolve("lib64"), Path.of("usr/lib64"));
        Files.createSymbolicLink(root.resolve("usr/lib64/ld.so"), Path.of("../lib/x/ld.so"));

        var entries = SystemLibraries.materialize(List.of(root.resolve("lib64/ld.so")));
        assertThat(entries).containsExactly(
                new SystemLibraries.Entry.Symlink("usr/lib64", root.resolve("lib64")),
                new SystemLibraries.Entry.Symlink("../lib/x/ld.so", root.resolve("usr/lib64/ld.so")),
                new SystemLibraries.Entry.File(real.resolve("ld.so")));
    }

    @Test
    void forJdk_thisJdk_needsTheLoaderAndLibcAndNoDesktopLibrary() throws Exception {
        var home = Path.of(System.getProperty("java.home")).toRealPath();
        var interpreter = SystemLibraries.interpreter(home.resolve("bin/java"));
        assertThat(interpreter).isPresent();
        var entries = SystemLibraries.forJdk(home);
        var files = entries.stream().filter(e -> e instanceof SystemLibraries.Entry.File)
                .map(e -> ((SystemLibraries.Entry.File) e).path().getFileName().toString()).toList();
        System.out.println("system library entries: " + SystemLibraries.describe(entries));
        assertThat(files).anyMatch(f -> f.startsWith("libc.so"));
        assertThat(files).anyMatch(f -> f.startsWith("ld-linux"));
        assertThat(files).noneMatch(f -> f.contains("X11") || f.contains("asound"));
    }
}
