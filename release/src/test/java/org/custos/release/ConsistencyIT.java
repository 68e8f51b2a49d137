package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.custos.vault.AuditEvent;
import org.custos.vault.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A change and its log event commit together; concurrent reviews are serialised by the release's row lock. */
class ConsistencyIT {
    private static GateHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GateHarness(s -> s.withRequiredReviews(1));
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static void outboxRefusesWrites(boolean refuse) throws SQLException {
        try (Connection c = h.dataSource.getConnection(); Statement s = c.createStatement()) {
            if (refuse) {
                s.execute("""
                        CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN RAISE EXCEPTION 'audit outbox unavailable'; END $$""");
                s.execute("""
                        CREATE TRIGGER refuse_audit BEFORE INSERT ON vault_audit_outbox
                        FOR EACH ROW EXECUTE FUNCTION refuse_audit()""");
            } else {
                s.execute("DROP TRIGGER refuse_audit ON vault_audit_outbox");
                s.execute("DROP FUNCTION refuse_audit()");
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = h.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void changes_whenTheOutboxRefusesTheirEvent_answerUnavailableAndChangeNothing() throws Exception {
        TestBundles.Bundle pending = h.bundles.bundle("atomic pending");
        TestBundles.Bundle approved = h.bundles.bundle("atomic approved");
        Release toApprove = h.gate.submit(pending.artifact(), pending.source(), "", Principal.operator("eng-1"));
        h.gate.rebuild(toApprove.id(), Principal.operator("rev-1"));
        Release toRevoke = h.gate.submit(approved.artifact(), approved.source(), "", Principal.operator("eng-1"));
        h.gate.review(toRevoke.id(), Principal.operator("rev-1"), ReviewVerdict.APPROVE, "", Optional.empty());
        TestBundles.Bundle fresh = h.bundles.bundle("atomic fresh");
        long releases = count("SELECT count(*) FROM release_releases");
        long reviews = count("SELECT count(*) FROM release_reviews");
        int events = h.events().size();

        outboxRefusesWrites(true);
        try {
            ReleaseGateIT.assertProblem(() -> h.gate.submit(fresh.artifact(), fresh.source(), "",
                    Principal.operator("eng-1")), ReleaseProblem.UNAVAILABLE, "nothing changed");
            ReleaseGateIT.assertProblem(() -> h.gate.review(toApprove.id(), Principal.operator("rev-1"),
                    ReviewVerdict.APPROVE, "", Optional.empty()), ReleaseProblem.UNAVAILABLE, "nothing changed");
            ReleaseGateIT.assertProblem(() -> h.gate.revoke(toRevoke.id(), Principal.operator("admin-1"),
                    ReasonCode.OTHER), ReleaseProblem.UNAVAILABLE, "nothing changed");
        } finally {
            outboxRefusesWrites(false);
        }

        assertThat(count("SELECT count(*) FROM release_releases")).isEqualTo(releases);
        assertThat(count("SELECT count(*) FROM release_reviews")).isEqualTo(reviews);
        assertThat(h.gate.find(toApprove.id()).orElseThrow().state()).isEqualTo(ReleaseState.SUBMITTED);
        assertThat(h.gate.find(toRevoke.id()).orElseThrow().state()).isEqualTo(ReleaseState.APPROVED);
        assertThat(h.events()).hasSize(events);
        assertThat(h.gate.review(toApprove.id(), Principal.operator("rev-1"), ReviewVerdict.APPROVE, "",
                Optional.empty()).state()).isEqualTo(ReleaseState.APPROVED);
    }

    @Test
    void reviews_racing_areSerialised_oneApprovalWinsAndTheOtherSeesItClosed() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("race");
        Release release = h.gate.submit(bundle.artifact(), bundle.source(), "", Principal.operator("eng-1"));
        h.gate.rebuild(release.id(), Principal.operator("rev-1"));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                Principal reviewer = Principal.operator("racer-" + i);
                ReviewVerdict verdict = i % 2 == 0 ? ReviewVerdict.APPROVE : ReviewVerdict.REJECT;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        return h.gate.review(release.id(), reviewer, verdict, "", Optional.empty()).state();
                    } catch (ReleaseException e) {
                        return e.problem();
                    }
                }));
            }
            go.countDown();
        }
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> result : results) {
            outcomes.add(result.get());
        }
        // exactly one review decided; the others found the release closed
        assertThat(outcomes.stream().filter(o -> o == ReleaseProblem.RELEASE_CLOSED)).hasSize(3);
        Release after = h.gate.find(release.id()).orElseThrow();
        assertThat(after.reviews()).hasSize(1);
        List<AuditEvent.ReleaseStep> steps = h.steps(release.id());
        assertThat(steps).hasSize(3);
        assertThat(steps.getLast().step()).isIn(AuditEvent.ReleaseStep.Step.APPROVED,
                AuditEvent.ReleaseStep.Step.REJECTED);
        assertThat(after.state().name()).isEqualTo(steps.getLast().step().name());
    }
}
