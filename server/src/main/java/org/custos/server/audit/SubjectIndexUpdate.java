package org.custos.server.audit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.Pseudonym;

/**
 * What a run of appended entries changes in the subject index, gathered in log order: entries that name a subject
 * add rows; a subject's data key shredded (the account erased) forgets the subject's rows, those already indexed
 * and those gathered before it, since no one can sign in as that subject any more and the custodian should not keep
 * a ready-made list of an erased person's accesses. The entries themselves stay in the public log.
 */
final class SubjectIndexUpdate {
    private final List<RelayProgress.SubjectRow> rows = new ArrayList<>();
    private final Set<String> forgotten = new LinkedHashSet<>();

    void add(AuditEntry.Relayed entry, long logIndex, byte[] bytes) {
        if (entry instanceof AuditEntry.KeyEvent key && key.change() == AuditEntry.KeyChange.SHREDDED) {
            for (Pseudonym subject : key.subjects()) {
                forgotten.add(subject.value());
                rows.removeIf(row -> row.subject().equals(subject.value()));
            }
        } else if (AuditEntries.isAccessToSubject(entry)) {
            for (Pseudonym subject : entry.namedSubjects().stream().distinct().toList()) {
                rows.add(new RelayProgress.SubjectRow(subject.value(), logIndex, entry.eventId(), bytes));
            }
        }
    }

    /** Rows to insert, after {@link #forgotten()} subjects' rows were deleted. */
    List<RelayProgress.SubjectRow> rows() {
        return List.copyOf(rows);
    }

    /** Subjects whose rows indexed before this update are deleted. */
    List<String> forgotten() {
        return List.copyOf(forgotten);
    }
}
