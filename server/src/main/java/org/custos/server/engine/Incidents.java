package org.custos.server.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.custos.vault.AuditEvent;
import org.custos.vault.AuditUnavailableException;
import org.custos.vault.Vault;

/**
 * Incidents of the owner's algorithm (it crashed, hung, answered late, broke the protocol, named videos it was never
 * told about): each one is counted in a metric at once, logged as an alert, and written to the transparency log as
 * an {@code engine} entry of kind {@code incident}, summed per release and reason over a short window so that a
 * misbehaving engine cannot flood the public log (the count says how many).
 */
final class Incidents {
    private static final Logger LOG = Logger.getLogger(Incidents.class.getName());
    static final Duration WINDOW = Duration.ofSeconds(10);

    /** What went wrong, as the code the log publishes. */
    enum Reason {
        CRASHED("crashed"),
        OUT_OF_MEMORY("out-of-memory"),
        KILLED("killed"),
        HUNG("hung"),
        LATE_ANSWER("late-answer"),
        UNKNOWN_VIDEOS("unknown-video-ids"),
        DUPLICATE_VIDEOS("duplicate-video-ids"),
        MALFORMED_FRAME("malformed-frame"),
        OVERSIZED_FRAME("oversized-frame"),
        UNEXPECTED_ANSWER("unexpected-answer"),
        OVERLONG_ANSWER("overlong-answer"),
        WRONG_PROTOCOL("wrong-protocol-version"),
        START_FAILED("start-failed"),
        SNAPSHOT_FAILED("snapshot-failed"),
        RESTORE_FAILED("restore-failed");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    private record Key(String release, String digest, Reason reason) {
    }

    private final Vault vault;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<Key, Long> pending = new LinkedHashMap<>();
    private final Map<Reason, Counter> counters = new ConcurrentHashMap<>();
    private final Counter shed;
    private Instant windowStart;
    private volatile Optional<String> last = Optional.empty();

    Incidents(Vault vault, Clock clock, MeterRegistry registry) {
        this.vault = vault;
        this.clock = clock;
        this.registry = registry;
        this.windowStart = clock.instant();
        this.shed = Counter.builder("custos.engine.rankings.shed")
                .description("For You pages answered by the popularity feed because enough rankings were waiting on"
                        + " the algorithm already (the host's load, not the algorithm's fault)")
                .register(registry);
    }

    /** Counts a ranking not asked for because the algorithm had enough waiting; not logged. */
    void shed() {
        shed.increment();
    }

    /** Counts one incident now; it reaches the log with the window's flush. */
    void report(String releaseId, String artifactDigest, Reason reason, String detail) {
        counters.computeIfAbsent(reason, r -> Counter.builder("custos.engine.incidents")
                .description("incidents of the owner's algorithm, by reason").tag("reason", r.code())
                .register(registry)).increment();
        last = Optional.of(reason.code() + " at " + clock.instant());
        long seen;
        synchronized (pending) {
            seen = pending.merge(new Key(releaseId, artifactDigest, reason), 1L, Long::sum);
        }
        if (seen == 1) {
            // One alert line per release and reason per window; the count reaches the log with the window.
            LOG.severe(() -> "ALERT: the owner's algorithm " + releaseId + " " + reason.code() + ": " + detail);
        }
    }

    /** The latest incident, for health. */
    Optional<String> last() {
        return last;
    }

    /** Writes the incidents of a closed window (or all, when {@code force}) to the log; keeps them on failure. */
    void flush(boolean force) {
        Instant now = clock.instant();
        Map<Key, Long> due;
        synchronized (pending) {
            if (pending.isEmpty() || (!force && now.isBefore(windowStart.plus(WINDOW)))) {
                return;
            }
            due = new LinkedHashMap<>(pending);
            pending.clear();
            windowStart = now;
        }
        for (Map.Entry<Key, Long> incident : due.entrySet()) {
            Key key = incident.getKey();
            try {
                vault.record(new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.INCIDENT, key.release(),
                        key.digest(), "", key.reason().code(), incident.getValue(), now));
            } catch (AuditUnavailableException e) {
                synchronized (pending) {
                    pending.merge(key, incident.getValue(), Long::sum);
                }
                LOG.warning("incidents could not be logged yet; retrying with the next window");
                return;
            }
        }
    }
}
