package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Positive;
import org.custos.release.confine.ConfinementSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    @TempDir
    Path dir;

    @Test
    void read_nothingConfigured_embeddedDefaults() {
        ServerConfig config = ConfigReader.read(Optional.of(write("")), Map.of(), Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.dataDir()).isEqualTo(Path.of("var").toAbsolutePath());
        assertThat(config.database()).isInstanceOf(DatabaseSettings.Embedded.class);
        assertThat(config.keys()).isEqualTo(new KeySettings.Local(Path.of("keys"), new SecretSource.None()));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void read_fileAndEnvironmentDisagree_environmentWins() {
        Path file = write("port=9000\ndata.dir=/srv/file\nshutdown.grace=3s\n");

        ServerConfig config = ConfigReader.read(Optional.of(file),
                Map.of("CUSTOS_PORT", "9100", "CUSTOS_DATA_DIR", "/srv/env"), Map.of());

        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/env"));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void read_commandLineOverride_winsOverEnvironment() {
        ServerConfig config = ConfigReader.read(Optional.of(write("")),
                Map.of("CUSTOS_PORT", "9100"), Map.of("port", "9200"));

        assertThat(config.port()).isEqualTo(9200);
    }

    @Test
    void read_configFileFromEnvironment_isRead() {
        Path file = write("port=9300\n");

        ServerConfig config = ConfigReader.read(Optional.empty(), Map.of("CUSTOS_CONFIG", file.toString()), Map.of());

        assertThat(config.port()).isEqualTo(9300);
    }

    @Test
    void read_recsysEngine_defaultsToForYouUnderTheDataDirectory_andAcceptsPopularity() {
        ServerConfig defaults = ConfigReader.read(Optional.of(write("")), Map.of(), Map.of());
        ServerConfig popularity = ConfigReader.read(Optional.of(write("recsys.engine=popularity\n")), Map.of(),
                Map.of());

        assertThat(defaults.engine().enabled()).isTrue();
        assertThat(defaults.engine().stateDirectory()).isEqualTo(defaults.dataDir().resolve("engine"));
        assertThat(defaults.release().directory()).isEqualTo(defaults.dataDir().resolve("releases"));
        assertThat(defaults.confinement().mode()).isEqualTo(ConfinementSettings.Mode.BUBBLEWRAP);
        assertThat(popularity.engine().enabled()).isFalse();
    }

    @Test
    void read_engineAndReleaseSettings_areValidatedAndNameTheirKey() {
        ServerConfig set = ConfigReader.read(Optional.of(write("engine.confinement=unconfined-development\n"
                + "engine.memory.mb=512\nengine.heap.mb=256\nengine.rank.deadline=40ms\nrelease.reviews=3\n")),
                Map.of(), Map.of());
        assertThat(set.confinement().mode()).isEqualTo(ConfinementSettings.Mode.UNCONFINED_DEVELOPMENT);
        assertThat(set.confinement().memoryBytes()).isEqualTo(512L << 20);
        assertThat(set.engine().rankDeadline()).isEqualTo(java.time.Duration.ofMillis(40));
        assertThat(set.release().requiredReviews()).isEqualTo(3);
        for (String bad : List.of("engine.confinement=chroot", "engine.heap.mb=4096", "release.reviews=0",
                "engine.bundle=/x.jar")) {
            String key = bad.substring(0, bad.indexOf('='));
            assertThatThrownBy(() -> ConfigReader.read(Optional.of(write(bad + "\n")), Map.of(), Map.of()))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .extracting(e -> ((ConfigException) e).key())
                    .isEqualTo(key.equals("engine.bundle") ? "engine.bundle.source" : key);
        }
    }

    @Test
    void read_recsysEngineUnknown_namesTheKey() {
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("recsys.engine=magic\n")), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'magic'")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("recsys.engine");
    }

    @Test
    void read_portNotANumber_namesPortAndItsVariable() {
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("")), Map.of("CUSTOS_PORT", "80a"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("CUSTOS_PORT")
                .hasMessageContaining("'80a'")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("port");
    }

    @Test
    void read_mediaSettings_defaultUnderDataDirAndOverridable() {
        ServerConfig defaults = ConfigReader.read(Optional.of(write("")), Map.of(), Map.of());
        ServerConfig configured = ConfigReader.read(Optional.of(write("media.dir=/srv/media\n")),
                Map.of("CUSTOS_MEDIA_MAX_BYTES", "1048576"), Map.of());

        assertThat(defaults.resolve(defaults.app().blobDirectory()))
                .isEqualTo(Path.of("var", "blobs").toAbsolutePath());
        assertThat(configured.resolve(configured.app().blobDirectory())).isEqualTo(Path.of("/srv/media"));
        assertThat(configured.app().maxMediaBytes()).isEqualTo(1_048_576L);
    }

    @Test
    void read_mediaMaxBytesNotPositive_namesTheKey() {
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("media.max.bytes=0")), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("media.max.bytes")
                .hasMessageContaining("positive");
    }

    @Test
    void read_portOutOfRange_isRejected() {
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("port=70000")), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("between 0 and 65535");
    }

    @Test
    void read_unknownKeyInFile_namesTheKey() {
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("prot=8080\n")), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("prot");
    }

    @Test
    void read_missingConfigFile_saysWhichFile() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ConfigReader.read(Optional.of(missing), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void read_externalDatabase_passwordNeverInToString() {
        ServerConfig config = ConfigReader.read(Optional.of(write("")), Map.of(
                "CUSTOS_DB_URL", "jdbc:postgresql://db.example:5432/custos?password=hunter2",
                "CUSTOS_DB_USER", "custos",
                "CUSTOS_DB_PASSWORD", "s3cret-pass",
                "CUSTOS_MASTER_SECRET", "base64:c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA=="), Map.of());

        assertThat(config.database()).isInstanceOf(DatabaseSettings.External.class);
        assertThat(config.toString())
                .contains("db.example:5432/custos")
                .doesNotContain("s3cret-pass")
                .doesNotContain("hunter2")
                .doesNotContain("c2VjcmV0");
    }

    @Test
    void read_databaseUrlNotPostgres_isRejected() {
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("")),
                        Map.of("CUSTOS_DB_URL", "jdbc:mysql://x/y"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("db.url");
    }

    @Test
    void read_secretAndSecretFileBoth_isRejected() {
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("")),
                        Map.of("CUSTOS_MASTER_SECRET", "x", "CUSTOS_MASTER_SECRET_FILE", "/run/secret"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("master.secret");
    }

    @Test
    void read_pkcs11WithoutPin_isRejected() {
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("keys.service=pkcs11\nkeys.pkcs11.config=/etc/p11.cfg\n")),
                        Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("keys.pkcs11.pin");
    }

    @Test
    void read_releaseKeyOnAToken_readsItsConfig_butNotYetItsPin() {
        ServerConfig config = ConfigReader.read(Optional.of(write("release.signing=pkcs11\n"
                + "release.signing.pkcs11.config=/etc/p11.cfg\nrelease.signing.pkcs11.pin.file=/run/secrets/pin\n")),
                Map.of(), Map.of());
        assertThat(config.releaseKey()).isEqualTo(new ReleaseKeySettings.Pkcs11(Path.of("/etc/p11.cfg"),
                new SecretSource.File(Path.of("/run/secrets/pin"), "release.signing.pkcs11.pin.file"),
                "custos-release"));
        assertThat(ConfigReader.read(Optional.of(write("")), Map.of(), Map.of()).releaseKey())
                .isEqualTo(new ReleaseKeySettings.LocalFile());
    }

    @Test
    void read_releaseKeyOnATokenWithoutPin_orElsewhere_isRejected() {
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("release.signing=pkcs11\n"
                + "release.signing.pkcs11.config=/etc/p11.cfg\n")), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("release.signing.pkcs11.pin");
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("")), Map.of("CUSTOS_RELEASE_SIGNING", "kms"),
                Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("local or pkcs11");
    }

    @Test
    void read_unknownKeyService_isRejected() {
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("")), Map.of("CUSTOS_KEYS_SERVICE", "kms"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("local or pkcs11");
    }

    @Test
    void read_durationUnits_areUnderstood() {
        assertThat(ConfigReader.read(Optional.of(write("shutdown.grace=500ms")), Map.of(), Map.of()).shutdownGrace())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigReader.read(Optional.of(write("shutdown.grace=2m")), Map.of(), Map.of()).shutdownGrace())
                .isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> ConfigReader.read(Optional.of(write("shutdown.grace=soon")), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("shutdown.grace");
    }

    @Test
    void envName_dottedKey_upperCaseWithUnderscores() {
        assertThat(ConfigReader.envName("db.pool.size")).isEqualTo("CUSTOS_DB_POOL_SIZE");
    }

    @Property
    void read_anyValidPort_isKept(@ForAll @IntRange(min = 0, max = 65_535) int port) {
        assertThat(ConfigReader.read(Optional.empty(), Map.of("CUSTOS_CONFIG", "/dev/null",
                "CUSTOS_PORT", Integer.toString(port)), Map.of()).port()).isEqualTo(port);
    }

    @Property
    void read_poolSizeOutOfRange_namesPoolSize(@ForAll @Positive int excess) {
        int size = 500 + excess;
        assertThatThrownBy(() -> ConfigReader.read(Optional.empty(), Map.of("CUSTOS_CONFIG", "/dev/null",
                        "CUSTOS_DB_POOL_SIZE", Integer.toString(size)), Map.of()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("db.pool.size");
    }

    private Path write(String content) {
        try {
            Path file = Files.createTempFile(dir, "custos", ".properties");
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
