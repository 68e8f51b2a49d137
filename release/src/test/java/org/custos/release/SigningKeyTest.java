package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The local release signing key: created once, owner-only, its public key beside it, the same key on reopening. */
class SigningKeyTest {

    @Test
    void local_createdOnFirstUseAndReopened() throws Exception {
        Path file = Files.createTempDirectory("release-key").resolve("keys/release-signing-key.p8");
        SigningKeySettings.Local settings = new SigningKeySettings.Local(file);
        ReleaseSigner created = ReleaseSigner.open(settings);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        String pem = Files.readString(settings.publicKeyFile());
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(ReleaseKeys.parsePem(pem)).isEqualTo(created.publicKey());
        assertThat(created.keyId()).matches("[0-9a-f]{64}");
        assertThat(created.toString()).doesNotContain(Files.readString(file).lines().skip(1).findFirst().orElseThrow());

        ReleaseSigner reopened = ReleaseSigner.open(settings);
        assertThat(reopened.publicKey()).isEqualTo(created.publicKey());
        byte[] message = "m".getBytes();
        assertThat(reopened.sign(message)).isEqualTo(created.sign(message)); // Ed25519 is deterministic

        // a lost public key file is written again from the private key
        Files.delete(settings.publicKeyFile());
        ReleaseSigner.open(settings);
        assertThat(Files.readString(settings.publicKeyFile())).isEqualTo(pem);
    }

    @Test
    void local_notAKey_isRefusedNamingTheFile() throws Exception {
        Path file = Files.createTempDirectory("release-key").resolve("broken.p8");
        Files.writeString(file, "not a key");
        assertThatThrownBy(() -> ReleaseSigner.open(new SigningKeySettings.Local(file)))
                .isInstanceOf(ReleaseSigningException.class).hasMessageContaining(file.toString());
    }

    @Test
    void pem_parsesOnlyEd25519PublicKeys() {
        assertThatThrownBy(() -> ReleaseKeys.parsePem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReleaseKeys.parsePem("hello")).isInstanceOf(IllegalArgumentException.class);
    }
}
