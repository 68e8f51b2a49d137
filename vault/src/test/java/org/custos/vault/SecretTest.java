package org.custos.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {
    @TempDir
    Path dir;

    @Test
    void toString_neverShowsTheValue() {
        Secret secret = Secret.of("hunter2-hunter2".toCharArray());
        assertThat(secret.toString()).isEqualTo("Secret[redacted]").doesNotContain("hunter2");
        assertThat(String.valueOf(VaultSettings.pkcs11(dir.resolve("p11.cfg"), secret, "custos")))
                .doesNotContain("hunter2");
    }

    @Test
    void fromFile_base64WithNewline_decodesRawBytes() throws Exception {
        Path file = dir.resolve("s");
        Files.writeString(file, "base64:AAECAw==\n");
        assertThat(Secret.fromFile(file).bytes()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void fromFile_plainText_isItsUtf8Bytes() throws Exception {
        Path file = dir.resolve("pin");
        Files.writeString(file, "1234\r\n");
        assertThat(Secret.fromFile(file).chars()).containsExactly('1', '2', '3', '4');
        assertThat(Secret.fromFile(file)).isEqualTo(Secret.of("1234".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bytes_returnsACopy() {
        Secret secret = Secret.of(new byte[] {5, 6});
        secret.bytes()[0] = 0;
        assertThat(secret.bytes()).containsExactly(5, 6);
    }

    @Test
    void of_empty_isRejected() {
        assertThatThrownBy(() -> Secret.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void local_shortMasterSecret_isRejected() {
        assertThatThrownBy(() -> VaultSettings.local(dir, Secret.of(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void local_withoutSecret_createsOwnerOnlyMasterSecretOnceAndReusesIt() throws Exception {
        VaultSettings.Local first = VaultSettings.local(dir.resolve("keys"));
        VaultSettings.Local second = VaultSettings.local(dir.resolve("keys"));
        Path file = dir.resolve("keys").resolve("master.secret");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(first.masterSecret().length()).isEqualTo(32);
        assertThat(second.masterSecret()).isEqualTo(first.masterSecret());
    }
}
