package org.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.Pseudonym;
import org.junit.jupiter.api.Test;

class SubjectIndexUpdateTest {
    private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
    private static final Pseudonym ANN = new Pseudonym("ps1:00000000000000000000000000000001");
    private static final Pseudonym BEN = new Pseudonym("ps1:00000000000000000000000000000002");

    private static AuditEntry.ProtectedRead read(long id, Pseudonym... subjects) {
        return new AuditEntry.ProtectedRead(id, T, "operator:op-1", "support.x", List.of("app_users.email"),
                List.of(subjects), subjects.length, "");
    }

    @Test
    void add_readsStepsAndAShred_indexesAccessesAndForgetsTheErasedSubject() {
        SubjectIndexUpdate update = new SubjectIndexUpdate();
        update.add(read(1, ANN, BEN, ANN), 10, new byte[] {1});
        update.add(new AuditEntry.KeyEvent(2, T, AuditEntry.KeyChange.CREATED, "dek:" + BEN.value(), List.of(BEN)),
                11, new byte[] {2});
        update.add(new AuditEntry.AccessStep(3, T, AuditEntry.AccessStep.Step.REQUESTED, "req-1", "operator:op-1",
                "support.x", List.of(), List.of(BEN)), 12, new byte[] {3});
        update.add(new AuditEntry.KeyEvent(4, T, AuditEntry.KeyChange.SHREDDED, "dek:" + ANN.value(), List.of(ANN)),
                13, new byte[] {4});

        assertThat(update.rows()).extracting(RelayProgress.SubjectRow::subject, RelayProgress.SubjectRow::logIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BEN.value(), 10L),
                        org.assertj.core.groups.Tuple.tuple(BEN.value(), 12L));
        assertThat(update.forgotten()).containsExactly(ANN.value());
    }
}
