package org.custos.lockbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The notification outbox: a grant that became effective is announced to the configured webhook. The notice is
 * written in the transaction that grants (so it exists exactly when the grant does) and delivered afterwards by
 * {@link #deliverDue}, at least once, with doubling waits after failures. Receivers de-duplicate by the
 * {@code Custos-Notice-Id} header.
 *
 * <p>A notice carries no personal data: the request's id, purpose, scopes, the principals involved (opaque staff
 * accounts) and the time box; never the subject, never the justification.
 *
 * <p>Delivery claims one due notice at a time with {@code FOR UPDATE SKIP LOCKED} and pushes its next attempt past
 * the HTTP timeout before sending, so several nodes may deliver concurrently and a node that dies mid-send leaves
 * the notice due again after that lease, not lost.
 *
 * <p>With a {@link WebhookSecret} each attempt carries {@code Custos-Signature: t=<unix seconds>,v1=<hex>}, the
 * HMAC-SHA256 of {@code <t>.<body>}; without one, notices go unsigned (said once in the log at start).
 */
final class Notices {
    static final String NOTICE_ID_HEADER = "Custos-Notice-Id";
    static final String SIGNATURE_HEADER = "Custos-Signature";
    private static final System.Logger LOG = System.getLogger(Notices.class.getName());

    private final DataSource dataSource;
    private final Clock clock;
    private final LockboxSettings settings;
    private final HttpClient client;

    Notices(DataSource dataSource, Clock clock, LockboxSettings settings) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        if (settings.webhook().isPresent() && settings.webhookSecret().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "lockbox.webhook.url is set but lockbox.webhook.secret is not: "
                    + "grant notices are sent unsigned, and a receiver cannot tell them from forgeries");
        }
    }

    /** Queues the notice that {@code granted} became effective, in the caller's transaction; none without a webhook. */
    void queue(Connection c, AccessRequest granted, Instant now) throws SQLException {
        if (settings.webhook().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO lockbox_notifications (request_id, payload, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?)""")) {
            insert.setLong(1, granted.id());
            insert.setString(2, Json.text(payload(granted)));
            insert.setTimestamp(3, Timestamp.from(now));
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    static Map<String, Object> payload(AccessRequest granted) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "lockbox.grant-effective");
        out.put("request", granted.auditId());
        out.put("purpose", granted.purpose().name());
        out.put("scopes", granted.scopes());
        out.put("requester", "operator:" + granted.requester());
        out.put("approvers", granted.approvals().stream().map(a -> "operator:" + a.approver()).toList());
        out.put("grantedAt", granted.grantedAt().map(Instant::toString).orElseThrow());
        out.put("expiresAt", granted.expiresAt().map(Instant::toString).orElseThrow());
        return out;
    }

    /**
     * Sends every notice that is due, one at a time, up to {@code limit}.
     *
     * @return how many were acknowledged by the receiver (2xx)
     */
    int deliverDue(int limit) {
        if (settings.webhook().isEmpty()) {
            return 0;
        }
        int delivered = 0;
        for (int i = 0; i < limit; i++) {
            Optional<Claimed> claimed = claim();
            if (claimed.isEmpty()) {
                break;
            }
            if (send(claimed.get())) {
                delivered++;
            }
        }
        return delivered;
    }

    /** Notices not yet acknowledged, for health and metrics. */
    long backlog() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT count(*) FROM lockbox_notifications WHERE delivered_at IS NULL");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw LockboxProblem.of(ProblemType.UNAVAILABLE, "The lockbox's database did not answer.", e);
        }
    }

    private record Claimed(long id, String payload, int attempts) {
    }

    private Optional<Claimed> claim() {
        Instant now = clock.instant();
        // The lease outlasts one attempt, so a notice being sent is not sent again meanwhile by another node.
        Instant lease = now.plus(settings.webhookTimeout().multipliedBy(2));
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     UPDATE lockbox_notifications SET next_attempt_at = ?
                     WHERE id = (SELECT id FROM lockbox_notifications
                                 WHERE delivered_at IS NULL AND next_attempt_at <= ?
                                 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                     RETURNING id, payload, attempts""")) {
            q.setTimestamp(1, Timestamp.from(lease));
            q.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Claimed(rs.getLong(1), rs.getString(2), rs.getInt(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim a lockbox notice: " + e.getMessage(), e);
        }
    }

    private boolean send(Claimed notice) {
        URI target = settings.webhook().orElseThrow();
        String failure;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(settings.webhookTimeout())
                    .header("Content-Type", "application/json")
                    .header(NOTICE_ID_HEADER, Long.toString(notice.id()))
                    .POST(HttpRequest.BodyPublishers.ofString(notice.payload(), StandardCharsets.UTF_8));
            // Signed at each attempt, so the timestamp is the sending time a receiver checks for freshness.
            settings.webhookSecret().ifPresent(secret -> request.header(SIGNATURE_HEADER,
                    secret.signature(clock.instant().getEpochSecond(), notice.payload())));
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                settle(notice, Optional.empty());
                return true;
            }
            failure = "HTTP " + response.statusCode();
        } catch (IOException e) {
            failure = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        settle(notice, Optional.of(failure));
        String why = failure;
        LOG.log(System.Logger.Level.WARNING, () -> "lockbox notice " + notice.id() + " not delivered (" + why
                + "), attempt " + (notice.attempts() + 1) + "; will retry");
        return false;
    }

    /** Records an attempt: acknowledged, or failed with the wait before the next one. */
    private void settle(Claimed notice, Optional<String> failure) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement("""
                     UPDATE lockbox_notifications SET attempts = attempts + 1, last_error = ?,
                         delivered_at = ?, next_attempt_at = ? WHERE id = ?""")) {
            u.setString(1, failure.orElse(null));
            u.setTimestamp(2, failure.isEmpty() ? Timestamp.from(now) : null);
            u.setTimestamp(3, Timestamp.from(failure.isEmpty() ? now : now.plus(backoff(notice.attempts() + 1))));
            u.setLong(4, notice.id());
            u.executeUpdate();
        } catch (SQLException e) {
            // The lease expires and the notice is tried again: a duplicate, never a loss.
            throw new IllegalStateException("cannot record a lockbox notice attempt: " + e.getMessage(), e);
        }
    }

    /** The wait after {@code failures} failed attempts: the first backoff, doubled per further failure, capped. */
    Duration backoff(int failures) {
        Duration wait = settings.retryBackoff();
        for (int i = 1; i < failures && wait.compareTo(settings.maxRetryBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.maxRetryBackoff()) > 0 ? settings.maxRetryBackoff() : wait;
    }
}
