package org.custos.tlog;

import java.time.Duration;

/**
 * The log's intake is full: nothing of the rejected call was sequenced. Retry after {@link #retryAfter()}; over
 * HTTP this is 503 Service Unavailable with a {@code Retry-After} header.
 */
public final class PushbackException extends Exception {

    private final Duration retryAfter;

    public PushbackException(long pending, long capacity, Duration retryAfter) {
        super("log intake is full (pending=" + pending + ", capacity=" + capacity + "); retry after "
                + retryAfter.toMillis() + " ms");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
