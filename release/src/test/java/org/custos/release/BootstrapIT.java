package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.custos.vault.AuditEvent;
import org.custos.vault.AuditEvent.ReleaseStep.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The project's own algorithm shipped through the gate at first start, as the bootstrap service, once. */
class BootstrapIT {
    private static GateHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GateHarness();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @Test
    void bootstrap_submitsRebuildsApprovesAndDeploysOnceAndTheLogSaysNoPersonReviewed() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("the default algorithm");
        Deployment deployment = h.gate.bootstrap(bundle.artifact(), bundle.source());

        Release release = h.gate.find(deployment.releaseId()).orElseThrow();
        assertThat(release.state()).isEqualTo(ReleaseState.APPROVED);
        assertThat(release.submitter()).isEqualTo(ReleaseGate.BOOTSTRAP);
        assertThat(release.approvers()).containsExactly(ReleaseGate.BOOTSTRAP);
        assertThat(release.requiredReviews()).isEqualTo(1);
        assertThat(release.rebuild().orElseThrow().matches()).isTrue();
        assertThat(deployment.deployedBy()).isEqualTo(ReleaseGate.BOOTSTRAP);
        List<AuditEvent.ReleaseStep> steps = h.steps(release.id());
        assertThat(steps).extracting(AuditEvent.ReleaseStep::step)
                .containsExactly(Step.SUBMITTED, Step.REVIEWED, Step.APPROVED);
        assertThat(steps).allSatisfy(s -> assertThat(s.actor().toString()).isEqualTo("service:release-bootstrap"));
        var review = new ObjectMapper().readTree(DsseEnvelope.parse(release.statement().orElseThrow()).payload())
                .path("predicate").path("buildDefinition").path("internalParameters").path("review");
        assertThat(review.path("reviewers").toString()).isEqualTo("[\"service:release-bootstrap\"]");
        assertThat(h.gate.admit(bundle.artifact()).id()).isEqualTo(release.id());

        // idempotent: a second start changes nothing, even with another artifact at hand
        TestBundles.Bundle later = h.bundles.bundle("a later default");
        int events = h.events().size();
        assertThat(h.gate.bootstrap(later.artifact(), later.source())).isEqualTo(deployment);
        assertThat(h.gate.find(later.artifactDigest().releaseId())).isEmpty();
        assertThat(h.events()).hasSize(events);
    }
}
