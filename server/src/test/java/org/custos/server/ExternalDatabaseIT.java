package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.custos.server.postgres.NotDurableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CUSTOS_DB_URL}: the server runs on a PostgreSQL it did not start (here a separate cluster playing the
 * external database), runs the same migrations there, and refuses one that could lose acknowledged writes.
 */
class ExternalDatabaseIT {

    @TempDir
    Path dataDir;

    @Test
    void start_externalDatabase_migratesThereAndServes_butRefusesOneThatCouldLoseWrites() throws Exception {
        // The library's defaults turn fsync and synchronous_commit off: exactly the database the server must refuse.
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            ServerConfig lax = externalConfig(external);
            assertThatThrownBy(() -> CustosServer.start(lax, Clock.systemUTC()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("=off")
                    .hasCauseInstanceOf(NotDurableException.class);
        }

        try (EmbeddedPostgres external = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start()) {
            ServerConfig config = externalConfig(external);
            try (CustosServer server = CustosServer.start(config, Clock.systemUTC())) {
                assertThat(server.databaseDescription()).contains("external").doesNotContain("password");
                assertThat(TestInstances.signUp(server.baseUri(), "external_user")).isEqualTo(201);
                String token = TestInstances.logIn(server.baseUri(), "external_user");
                assertThat(TestInstances.get(server.baseUri(), "/v1/me", token).statusCode()).isEqualTo(200);
            }
            // Nothing of the database lives in the data directory; it holds only the claim and the keys.
            assertThat(Files.exists(dataDir.resolve("pg"))).isFalse();
        }
    }

    private ServerConfig externalConfig(EmbeddedPostgres external) {
        ServerConfig config = ConfigReader.read(Optional.of(Path.of("/dev/null")), Map.of(
                "CUSTOS_DB_URL", "jdbc:postgresql://localhost:" + external.getPort() + "/postgres",
                "CUSTOS_DB_USER", "postgres",
                "CUSTOS_DATA_DIR", dataDir.toString(),
                "CUSTOS_PORT", "0"), Map.of());
        return config.withApp(TestInstances.fast(config.app()));
    }
}
