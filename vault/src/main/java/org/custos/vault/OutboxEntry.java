package org.custos.vault;

import java.util.Objects;

/**
 * One durably recorded audit event and its position in the outbox. Positions are gap-free and assigned in the order
 * committed events are first seen by a reader (see {@link AuditOutbox#after(long, int)}); {@code json} is the stored
 * canonical form, the bytes a transparency log appends as its leaf.
 */
public record OutboxEntry(long position, AuditEvent event, String json) {
    public OutboxEntry {
        if (position < 1) {
            throw new IllegalArgumentException("outbox positions start at 1, got " + position);
        }
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(json, "json");
    }
}
