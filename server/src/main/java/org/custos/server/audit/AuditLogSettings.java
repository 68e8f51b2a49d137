package org.custos.server.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The in-process transparency log and the relay that feeds it the vault's audit events (docs/configuration.md,
 * keys {@code log.*} and {@code audit.*}).
 *
 * @param directory the log's directory; relative paths are under the data directory
 * @param keyFile the log's Ed25519 signing key (a signed-note private key), created with owner-only permissions on
 *     first start; relative paths are under the data directory
 * @param origin the checkpoint origin line and the key's name, e.g. {@code custos.example/log}
 * @param pollInterval the longest the relay sleeps when the outbox is empty (it is also woken by new events)
 * @param serviceReadWindow the window over which the vault sums reads by automated services
 * @param acceptRestoredLog let the relay continue when the log is behind the recorded progress but not empty (a
 *     log directory restored from a backup): it re-appends the missing events, which yields the same entries.
 *     Never lets it refill an empty log.
 */
public record AuditLogSettings(Path directory, Path keyFile, String origin, Duration pollInterval,
        Duration serviceReadWindow, boolean acceptRestoredLog) {

    /** A C2SP checkpoint origin: a schema-less URL, no spaces or control characters. */
    private static final Pattern ORIGIN = Pattern.compile("[A-Za-z0-9.-]+(/[A-Za-z0-9._~-]+)*");

    public static final String DEFAULT_ORIGIN = "custos.example/log";

    public AuditLogSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(keyFile, "keyFile");
        if (!ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException("log origin must look like host/path (e.g. " + DEFAULT_ORIGIN
                    + "), got '" + origin + "'");
        }
        if (pollInterval.toMillis() < 1 || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("relay poll interval must be 1 ms to 1 min, got " + pollInterval);
        }
        if (serviceReadWindow.toMillis() < 1 || serviceReadWindow.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("service read window must be 1 ms to 1 h, got " + serviceReadWindow);
        }
    }

    /** {@code log/} and {@code log-signing.key} in the data directory, 250 ms polling, 10 s service windows. */
    public static AuditLogSettings defaults() {
        return new AuditLogSettings(Path.of("log"), Path.of("log-signing.key"), DEFAULT_ORIGIN,
                Duration.ofMillis(250), Duration.ofSeconds(10), false);
    }

    public AuditLogSettings withServiceReadWindow(Duration window) {
        return new AuditLogSettings(directory, keyFile, origin, pollInterval, window, acceptRestoredLog);
    }

    public AuditLogSettings withPollInterval(Duration interval) {
        return new AuditLogSettings(directory, keyFile, origin, interval, serviceReadWindow, acceptRestoredLog);
    }

    public AuditLogSettings withAcceptRestoredLog(boolean accept) {
        return new AuditLogSettings(directory, keyFile, origin, pollInterval, serviceReadWindow, accept);
    }
}
