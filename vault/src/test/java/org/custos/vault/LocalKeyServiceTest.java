package org.custos.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyServiceTest {
    private static final byte[] BINDING = "custos.vault.dek.v1/1".getBytes();

    @TempDir
    Path dir;

    private VaultSettings.Local settings(int seed) {
        byte[] master = new byte[32];
        master[0] = (byte) seed;
        return VaultSettings.local(dir, Secret.of(master));
    }

    @Test
    void open_firstUse_writesOwnerOnlyEncryptedKeysets() throws Exception {
        try (LocalKeyService keys = LocalKeyService.open(settings(1))) {
            assertThat(keys.primaryKekVersion()).isEqualTo(1);
        }
        for (String name : new String[] {LocalKeyService.KEK_FILE, LocalKeyService.INDEX_FILE}) {
            Path file = dir.resolve(name);
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            // A cleartext Tink keyset names its key type; the encrypted file must not.
            assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain("type.googleapis.com");
        }
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void unwrap_afterRotation_acceptsBothVersionsAndWrapsUnderTheNewOne() {
        byte[] dataKey = new byte[32];
        dataKey[5] = 9;
        try (LocalKeyService keys = LocalKeyService.open(settings(1))) {
            KeyService.WrappedKey old = keys.wrap(dataKey, BINDING);
            assertThat(keys.rotate()).isEqualTo(2);
            KeyService.WrappedKey fresh = keys.wrap(dataKey, BINDING);
            assertThat(old.kekVersion()).isEqualTo(1);
            assertThat(fresh.kekVersion()).isEqualTo(2);
            assertThat(keys.unwrap(1, old.bytes(), BINDING)).isEqualTo(dataKey);
            assertThat(keys.unwrap(2, fresh.bytes(), BINDING)).isEqualTo(dataKey);
        }
        try (LocalKeyService reopened = LocalKeyService.open(settings(1))) {
            assertThat(reopened.primaryKekVersion()).isEqualTo(2);
        }
    }

    @Test
    void wrap_afterAnotherProcessRotated_usesTheNewPrimary() {
        try (LocalKeyService a = LocalKeyService.open(settings(1));
             LocalKeyService b = LocalKeyService.open(settings(1))) {
            assertThat(a.rotate()).isEqualTo(2);
            assertThat(b.wrap(new byte[32], BINDING).kekVersion()).isEqualTo(2);
        }
    }

    @Test
    void unwrap_otherBinding_fails() {
        try (LocalKeyService keys = LocalKeyService.open(settings(1))) {
            KeyService.WrappedKey wrapped = keys.wrap(new byte[32], BINDING);
            assertThatThrownBy(() -> keys.unwrap(1, wrapped.bytes(), "custos.vault.dek.v1/2".getBytes()))
                    .isInstanceOf(KeyServiceException.class);
        }
    }

    @Test
    void open_wrongMasterSecret_failsNamingTheFile() {
        LocalKeyService.open(settings(1)).close();
        assertThatThrownBy(() -> LocalKeyService.open(settings(2)))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageContaining("does not decrypt");
    }

    @Test
    void macs_areKeyedAndDistinct() {
        byte[] input = "x".getBytes();
        try (LocalKeyService keys = LocalKeyService.open(settings(1))) {
            assertThat(keys.blindIndexMac(input)).hasSize(32).isNotEqualTo(keys.pseudonymMac(input));
        }
    }
}
