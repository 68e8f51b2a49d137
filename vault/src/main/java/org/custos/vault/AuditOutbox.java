package org.custos.vault;

import java.util.List;

/**
 * The durable queue of audit events, in PostgreSQL table {@code vault_audit_outbox}, until the transparency log
 * consumes them. An event is committed before the read it describes returns plaintext, so the outbox never misses
 * a read that happened.
 *
 * <p>A consumer (the transparency log's relay) remembers the last position it appended and calls {@link #after}
 * with it. It MUST tolerate seeing an entry again after its own crash, for example by keying its appends by
 * position.
 */
public interface AuditOutbox {

    /**
     * Up to {@code limit} entries with a position greater than {@code position}, in increasing position order.
     * Entries appear only once every smaller position is committed, so a consumer never skips one.
     */
    List<OutboxEntry> after(long position, int limit);

    /** The greatest visible position, 0 when empty. */
    long latestPosition();
}
