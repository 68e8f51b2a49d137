package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.custos.lockbox.LockboxSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code lockbox.*} keys: defaults, overrides, and errors that name their key. */
class LockboxConfigTest {
    @TempDir
    Path dir;

    private ServerConfig read(String file, Map<String, String> env) throws IOException {
        Path path = dir.resolve("custos.properties");
        Files.writeString(path, file);
        return ConfigReader.read(Optional.of(path), env, Map.of());
    }

    @Test
    void read_nothingSet_usesTheDefaults() throws IOException {
        assertThat(read("", Map.of()).lockbox()).isEqualTo(LockboxSettings.defaults());
    }

    @Test
    void read_fileAndEnvironment_setEveryKey() throws IOException {
        LockboxSettings s = read("""
                lockbox.approvals=3
                lockbox.max.duration=120m
                lockbox.webhook.url=https://hooks.example/custos?token=s3cret
                lockbox.webhook.timeout=2s
                lockbox.webhook.retry=1s
                lockbox.webhook.retry.max=5m
                """, Map.of("CUSTOS_LOCKBOX_POLL_INTERVAL", "250ms", "CUSTOS_LOCKBOX_APPROVALS", "4")).lockbox();

        assertThat(s.requiredApprovals()).isEqualTo(4);
        assertThat(s.maxDuration()).isEqualTo(Duration.ofMinutes(120));
        assertThat(s.webhook()).contains(URI.create("https://hooks.example/custos?token=s3cret"));
        assertThat(s.webhookTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxRetryBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(read("lockbox.webhook.url=https://hooks.example/custos?token=s3cret\n", Map.of()).toString())
                .doesNotContain("s3cret");
    }

    @Test
    void read_pendingMaxAge_defaults72HoursAndIsSet() throws IOException {
        assertThat(read("", Map.of()).lockbox().pendingMaxAge()).isEqualTo(Duration.ofHours(72));
        assertThat(read("lockbox.pending.max.age=90m\n", Map.of()).lockbox().pendingMaxAge())
                .isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> read("lockbox.pending.max.age=0m\n", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("lockbox.pending.max.age"));
    }

    @Test
    void read_webhookSecret_inlineOrFile_readAtStartAndNeverShown() throws IOException {
        String secret = "webhook-secret-of-at-least-32-bytes-xyz";
        ServerConfig inline = read("", Map.of("CUSTOS_LOCKBOX_WEBHOOK_SECRET", secret));
        assertThat(inline.lockboxWebhookSecret()).isInstanceOf(SecretSource.Inline.class);
        assertThat(inline.toString()).doesNotContain(secret);
        LockboxSettings settings = LockboxServices.settings(inline);
        assertThat(settings.webhookSecret()).isPresent();
        assertThat(settings.toString()).doesNotContain(secret);

        Files.writeString(dir.resolve("hook.secret"), secret);
        ServerConfig fromFile = read("lockbox.webhook.secret.file=" + dir.resolve("hook.secret") + "\n", Map.of());
        assertThat(LockboxServices.settings(fromFile).webhookSecret()).isPresent();
        assertThat(LockboxServices.settings(read("", Map.of())).webhookSecret()).isEmpty();

        assertThatThrownBy(() -> LockboxServices.settings(read("lockbox.webhook.secret=short\n", Map.of())))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("lockbox.webhook.secret"));
        assertThatThrownBy(() -> read("lockbox.webhook.secret=a\nlockbox.webhook.secret.file=b\n", Map.of()))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void read_badValues_nameTheirKey() {
        assertThatThrownBy(() -> read("lockbox.approvals=0\n", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("lockbox.approvals"));
        assertThatThrownBy(() -> read("lockbox.webhook.url=ftp://example.org/x\n", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("lockbox.webhook.url"));
        assertThatThrownBy(() -> read("lockbox.max.duration=0m\n", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("lockbox.max.duration"));
        assertThatThrownBy(() -> read("lockbox.webhook.url=http://bad host/\n", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("lockbox.webhook.url"));
    }
}
