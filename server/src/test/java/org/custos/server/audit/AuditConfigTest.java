package org.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.custos.server.ConfigException;
import org.custos.server.ConfigReader;
import org.custos.server.ServerConfig;
import org.junit.jupiter.api.Test;

/** The {@code log.*} and {@code audit.*} configuration keys, read through the server's one config reader. */
class AuditConfigTest {

    private static ServerConfig read(Map<String, String> env) {
        return ConfigReader.read(Optional.empty(), env, Map.of());
    }

    @Test
    void read_nothingSet_embeddedDefaults() {
        AuditLogSettings settings = read(Map.of()).auditLog();
        assertThat(settings).isEqualTo(AuditLogSettings.defaults());
        assertThat(settings.directory()).isEqualTo(Path.of("log"));
        assertThat(settings.serviceReadWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.acceptRestoredLog()).isFalse();
    }

    @Test
    void read_environment_overridesEveryKey() {
        AuditLogSettings settings = read(Map.of("CUSTOS_LOG_DIR", "/srv/log", "CUSTOS_LOG_KEY_FILE", "k/log.key",
                "CUSTOS_LOG_ORIGIN", "log.custodian.example/custos", "CUSTOS_AUDIT_RELAY_INTERVAL", "50ms",
                "CUSTOS_AUDIT_SERVICE_WINDOW", "1m", "CUSTOS_AUDIT_ACCEPT_RESTORED_LOG", "true")).auditLog();
        assertThat(settings).isEqualTo(new AuditLogSettings(Path.of("/srv/log"), Path.of("k/log.key"),
                "log.custodian.example/custos", Duration.ofMillis(50), Duration.ofMinutes(1), true));
    }

    @Test
    void read_badValues_nameTheirKey() {
        assertThatThrownBy(() -> read(Map.of("CUSTOS_LOG_ORIGIN", "https://x.example/log")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.origin");
        assertThatThrownBy(() -> read(Map.of("CUSTOS_AUDIT_SERVICE_WINDOW", "2h")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("audit.service.window");
        assertThatThrownBy(() -> read(Map.of("CUSTOS_AUDIT_RELAY_INTERVAL", "0ms")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("audit.relay.interval");
        assertThatThrownBy(() -> read(Map.of("CUSTOS_AUDIT_ACCEPT_RESTORED_LOG", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("audit.accept.restored.log");
    }
}
