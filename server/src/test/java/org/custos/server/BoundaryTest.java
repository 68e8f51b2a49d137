package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.custos.vault.Secret;
import org.custos.vault.VaultSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundaryTest {

    @TempDir
    Path dataDir;

    private ServerConfig read(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("CUSTOS_DATA_DIR", dataDir.toString());
        return ConfigReader.read(Optional.of(Path.of("/dev/null")), all, Map.of());
    }

    @Test
    void vaultSettings_base64MasterSecret_decodedToRawBytesAndKeysUnderDataDir() {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 7);
        }
        ServerConfig config = read(Map.of("CUSTOS_MASTER_SECRET", "base64:" + Base64.getEncoder().encodeToString(raw)));

        VaultSettings settings = Boundary.vaultSettings(config);

        assertThat(settings).isInstanceOfSatisfying(VaultSettings.Local.class, local -> {
            assertThat(local.keyDirectory()).isEqualTo(dataDir.resolve("keys"));
            assertThat(local.masterSecret()).isEqualTo(Secret.of(raw));
        });
    }

    @Test
    void vaultSettings_masterSecretFile_readFromFile() throws Exception {
        Path file = dataDir.resolve("secret.txt");
        Files.writeString(file, "a-master-secret-of-at-least-32-bytes!\n", StandardCharsets.UTF_8);
        ServerConfig config = read(Map.of("CUSTOS_MASTER_SECRET_FILE", file.toString(), "CUSTOS_KEYS_DIR", "/srv/keys"));

        VaultSettings settings = Boundary.vaultSettings(config);

        assertThat(settings).isInstanceOfSatisfying(VaultSettings.Local.class, local -> {
            assertThat(local.keyDirectory()).isEqualTo(Path.of("/srv/keys"));
            assertThat(local.masterSecret())
                    .isEqualTo(Secret.of("a-master-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8)));
        });
    }

    @Test
    void vaultSettings_pkcs11_tokenConfigPinAndLabel() {
        ServerConfig config = read(Map.of("CUSTOS_KEYS_SERVICE", "pkcs11", "CUSTOS_KEYS_PKCS11_CONFIG", "p11.cfg",
                "CUSTOS_KEYS_PKCS11_PIN", "1234", "CUSTOS_KEYS_PKCS11_LABEL", "custodian"));

        VaultSettings settings = Boundary.vaultSettings(config);

        assertThat(settings).isInstanceOfSatisfying(VaultSettings.Pkcs11.class, token -> {
            assertThat(token.pkcs11Config()).isEqualTo(dataDir.resolve("p11.cfg"));
            assertThat(token.pin()).isEqualTo(Secret.of("1234".toCharArray()));
            assertThat(token.kekLabelPrefix()).isEqualTo("custodian");
        });
    }

    @Test
    void vaultSettings_missingSecretFile_namesTheFileNotTheSecret() {
        ServerConfig config = read(Map.of("CUSTOS_MASTER_SECRET_FILE", "/nonexistent/secret"));

        assertThatThrownBy(() -> Boundary.vaultSettings(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/nonexistent/secret")
                .hasMessageContaining("CUSTOS_MASTER_SECRET_FILE");
    }
}
