package org.custos.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeOwnerOnly_replace_swapsContentAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("k");
        AtomicFiles.writeOwnerOnly(target, new byte[] {1}, false);
        AtomicFiles.writeOwnerOnly(target, new byte[] {2}, true);
        assertThat(Files.readAllBytes(target)).containsExactly(2);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void writeOwnerOnly_createExisting_failsAndKeepsTheOldContent() throws Exception {
        Path target = dir.resolve("k");
        AtomicFiles.writeOwnerOnly(target, new byte[] {1}, false);
        assertThatThrownBy(() -> AtomicFiles.writeOwnerOnly(target, new byte[] {2}, false))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(target)).containsExactly(1);
    }
}
