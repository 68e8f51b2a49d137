package org.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.custos.tlog.note.NoteSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSigningKeyTest {
    @TempDir
    Path dir;

    @Test
    void loadOrCreate_firstStart_createsOwnerOnlyKeyAndReadsTheSameKeyLater() throws Exception {
        Path file = dir.resolve("sub/log-signing.key");
        NoteSigner created = LogSigningKey.loadOrCreate(file, "custos.example/log", new SecureRandom());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        NoteSigner again = LogSigningKey.loadOrCreate(file, "custos.example/log", new SecureRandom());
        assertThat(again.verifierKey()).isEqualTo(created.verifierKey());
        assertThat(dir.resolve("sub")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void loadOrCreate_otherOriginOrReadableByOthers_refusedWithTheFix() throws Exception {
        Path file = dir.resolve("log-signing.key");
        LogSigningKey.loadOrCreate(file, "custos.example/log", new SecureRandom());
        assertThatThrownBy(() -> LogSigningKey.loadOrCreate(file, "other.example/log", new SecureRandom()))
                .hasMessageContaining("keeps its origin");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> LogSigningKey.loadOrCreate(file, "custos.example/log", new SecureRandom()))
                .hasMessageContaining("chmod 600");
    }
}
