package org.custos.lockbox;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.custos.vault.ApprovalRule;

/**
 * How the lockbox decides and notifies, validated once at start-up.
 *
 * @param requiredApprovals distinct approvers (never the requester) whose approvals make a grant effective; 2 is
 *     the two-person rule; 1 to {@value ApprovalRule#MAX_REQUIRED} (checked by {@link ApprovalRule})
 * @param maxDuration the longest grant a request may ask for; longer requests are refused (400)
 * @param webhook where a grant that became effective is announced (HTTP POST of a JSON notice); empty for none
 * @param webhookTimeout how long one delivery attempt may take
 * @param retryBackoff the wait after the first failed delivery; it doubles after each further failure
 * @param maxRetryBackoff the longest wait between two delivery attempts
 * @param pollInterval how often the background tasks look for due notifications and expired grants
 * @param pendingMaxAge how long a request may stay PENDING; the sweeper then closes it as EXPIRED (1 minute to
 *     30 days)
 * @param webhookSecret the key notices are signed with ({@code Custos-Signature}); empty: sent unsigned
 */
public record LockboxSettings(int requiredApprovals, Duration maxDuration, Optional<URI> webhook,
                              Duration webhookTimeout, Duration retryBackoff, Duration maxRetryBackoff,
                              Duration pollInterval, Duration pendingMaxAge, Optional<WebhookSecret> webhookSecret) {

    public LockboxSettings {
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(webhookTimeout, "webhookTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(pendingMaxAge, "pendingMaxAge");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        new ApprovalRule(requiredApprovals); // the shared N-person rule validates the number
        if (maxDuration.compareTo(Duration.ofMinutes(1)) < 0 || maxDuration.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("the maximum grant duration must be 1 minute to 30 days, got "
                    + maxDuration);
        }
        if (pendingMaxAge.compareTo(Duration.ofMinutes(1)) < 0 || pendingMaxAge.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("the longest a request may stay pending must be 1 minute to 30 days, got "
                    + pendingMaxAge);
        }
        webhook.ifPresent(uri -> {
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("the webhook must be an absolute http(s) URL");
            }
        });
        for (Duration d : new Duration[] {webhookTimeout, retryBackoff, maxRetryBackoff, pollInterval}) {
            if (d.toMillis() < 1) {
                throw new IllegalArgumentException("timeouts, backoffs and intervals must be at least 1 ms, got " + d);
            }
        }
        if (maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("the maximum retry backoff must not be shorter than the first");
        }
    }

    /** The rule a newly filed request is decided by. */
    public ApprovalRule approvalRule() {
        return new ApprovalRule(requiredApprovals);
    }

    /**
     * Two approvers, grants of at most 24 hours, pending requests expire after 72 hours, no webhook (unsigned);
     * retries from 5 s up to 10 min.
     */
    public static LockboxSettings defaults() {
        return new LockboxSettings(2, Duration.ofHours(24), Optional.empty(), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofHours(72),
                Optional.empty());
    }

    public LockboxSettings withRequiredApprovals(int value) {
        return new LockboxSettings(value, maxDuration, webhook, webhookTimeout, retryBackoff, maxRetryBackoff,
                pollInterval, pendingMaxAge, webhookSecret);
    }

    public LockboxSettings withMaxDuration(Duration value) {
        return new LockboxSettings(requiredApprovals, value, webhook, webhookTimeout, retryBackoff, maxRetryBackoff,
                pollInterval, pendingMaxAge, webhookSecret);
    }

    public LockboxSettings withWebhook(Optional<URI> value) {
        return new LockboxSettings(requiredApprovals, maxDuration, value, webhookTimeout, retryBackoff,
                maxRetryBackoff, pollInterval, pendingMaxAge, webhookSecret);
    }

    public LockboxSettings withWebhookTimeout(Duration value) {
        return new LockboxSettings(requiredApprovals, maxDuration, webhook, value, retryBackoff, maxRetryBackoff,
                pollInterval, pendingMaxAge, webhookSecret);
    }

    public LockboxSettings withRetries(Duration first, Duration max) {
        return new LockboxSettings(requiredApprovals, maxDuration, webhook, webhookTimeout, first, max, pollInterval,
                pendingMaxAge, webhookSecret);
    }

    public LockboxSettings withPollInterval(Duration value) {
        return new LockboxSettings(requiredApprovals, maxDuration, webhook, webhookTimeout, retryBackoff,
                maxRetryBackoff, value, pendingMaxAge, webhookSecret);
    }

    public LockboxSettings withPendingMaxAge(Duration value) {
        return new LockboxSettings(requiredApprovals, maxDuration, webhook, webhookTimeout, retryBackoff,
                maxRetryBackoff, pollInterval, value, webhookSecret);
    }

    public LockboxSettings withWebhookSecret(Optional<WebhookSecret> value) {
        return new LockboxSettings(requiredApprovals, maxDuration, webhook, webhookTimeout, retryBackoff,
                maxRetryBackoff, pollInterval, pendingMaxAge, value);
    }

    @Override
    public String toString() {
        // A webhook URL may carry a token in its path, query or user info: show only the host it goes to.
        return "LockboxSettings[requiredApprovals=" + requiredApprovals + ", maxDuration=" + maxDuration
                + ", webhook=" + webhook.map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + "/***").orElse("none")
                + ", webhookTimeout=" + webhookTimeout + ", retryBackoff=" + retryBackoff + ".." + maxRetryBackoff
                + ", pollInterval=" + pollInterval + ", pendingMaxAge=" + pendingMaxAge
                + ", webhookSecret=" + (webhookSecret.isPresent() ? "***" : "none") + "]";
    }
}
