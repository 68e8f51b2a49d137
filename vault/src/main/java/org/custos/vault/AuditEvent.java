package org.custos.vault;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the vault reports to the transparency log. Events carry no personal data: subjects appear only as keyed
 * pseudonyms ({@link Vault#pseudonym(SubjectId)}), and a user principal is replaced by its pseudonym too.
 */
public sealed interface AuditEvent {

    /** When the event happened, from the vault's injected clock. */
    Instant at();

    /**
     * Someone other than the data's own subject read protected values.
     *
     * @param principal who read; a {@link Principal.Kind#USER} principal's id is its pseudonym, not its id
     * @param purpose why
     * @param columns the columns read, distinct, in first-read order
     * @param subjectPseudonyms whose data, distinct
     * @param count how many values were opened
     */
    record ProtectedRead(Principal principal, Purpose purpose, List<Column> columns, List<String> subjectPseudonyms,
                         int count, Instant at) implements AuditEvent {
        public ProtectedRead {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(at, "at");
            columns = List.copyOf(columns);
            subjectPseudonyms = List.copyOf(subjectPseudonyms);
            if (columns.isEmpty() || subjectPseudonyms.isEmpty() || count < 1) {
                throw new IllegalArgumentException("a protected read names at least one column, subject and value");
            }
        }
    }

    /**
     * A key's life: a subject's data key created or shredded, or the KEK rotated.
     *
     * @param keyId the key's public identifier: {@code dek:<pseudonym>} for a data key, {@code kek:<version>} for
     *     the key-encryption key
     * @param subjectPseudonym the subject's pseudonym for data-key events, empty for KEK events
     */
    record KeyEvent(Kind kind, String keyId, String subjectPseudonym, Instant at) implements AuditEvent {
        public enum Kind { CREATED, ROTATED, SHREDDED }

        public KeyEvent {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(subjectPseudonym, "subjectPseudonym (empty for KEK events)");
            Objects.requireNonNull(at, "at");
        }

        /** The subject's pseudonym, for data-key events. */
        public Optional<String> subject() {
            return subjectPseudonym.isEmpty() ? Optional.empty() : Optional.of(subjectPseudonym);
        }
    }
}
