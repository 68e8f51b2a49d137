package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.custos.tlog.LogSettings;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.verify.LogSource;
import org.custos.vault.AuditEvent;
import org.custos.vault.AuditEvent.EngineEvent.Kind;
import org.custos.vault.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admission against a real transparency log fed from the vault's outbox, and the regulator's verifier on the same
 * log: the approved artifact is admitted; each kind of doctored artifact, statement or log is refused with its
 * reason code and a logged REFUSED event, and the verifier agrees.
 */
class AdmissionIT {
    private static GateHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GateHarness(s -> s.withAdmissionWait(Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @Test
    void admit_approvedAndLogged_isAdmittedAndTheVerifierAgrees() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("admitted");
        Release release = h.approve(bundle);

        AdmittedRelease admitted = h.gate.admit(bundle.artifact());

        assertThat(admitted.id()).isEqualTo(release.id());
        assertThat(admitted.artifactDigest()).isEqualTo(bundle.artifactDigest());
        assertThat(admitted.mainClass()).isEqualTo(TestBundles.MAIN);
        assertThat(admitted.protocolVersion()).isEqualTo(1);
        assertThat(admitted.statement()).isEqualTo(release.statement().orElseThrow());
        assertThat(admitted.artifact()).hasSameBinaryContentAs(bundle.artifact());
        assertThat(admitted.artifact().toString()).contains("blobs/sha256/" + bundle.artifactDigest().hex());
        assertThat(h.gate.find(release.id()).orElseThrow().logIndex()).hasValue(admitted.logIndex());
        assertThat(lastEngineEvent()).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.ADMITTED);
            assertThat(e.releaseId()).isEqualTo(release.id());
        });
        // the second admission uses the remembered index
        assertThat(h.gate.admitRelease(release.id()).logIndex()).isEqualTo(admitted.logIndex());
        assertThat(h.gate.admit(h.gate.artifactPath(release.id())).id()).isEqualTo(release.id());

        h.relay.drain();
        ReleaseVerdict verdict = verify(bundle.artifact(), h.logDirectory);
        assertThat(verdict.outcome()).as(verdict.report()).isEqualTo(ReleaseVerdict.Outcome.APPROVED);
        assertThat(verdict.releaseId()).contains(release.id());
        assertThat(verdict.approvalIndex()).hasValue(admitted.logIndex());
        assertThat(verdict.statement()).contains(release.statement().orElseThrow());
        assertThat(verdict.exitCode()).isZero();
    }

    @Test
    void admit_oneFlippedByte_isRefusedAsUnknown() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("flipped");
        h.approve(bundle);
        Path flipped = h.root.resolve("flipped.jar");
        byte[] bytes = Files.readAllBytes(bundle.artifact());
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(flipped, bytes);

        assertRefused(() -> h.gate.admit(flipped), RefusalReason.UNKNOWN_ARTIFACT, "no release has artifact");
        assertThat(RefusalReason.UNKNOWN_ARTIFACT.permanent()).isTrue();
        assertThat(RefusalReason.NOT_LOGGED.permanent()).isFalse();
        assertThat(lastEngineEvent().artifactDigest()).isEqualTo(Sha256Digest.of(bytes).toString());
        h.relay.drain();
        assertThat(verify(flipped, h.logDirectory).outcome()).isEqualTo(ReleaseVerdict.Outcome.NOT_APPROVED);
    }

    @Test
    void admit_storedCopyAltered_isRefusedAsDigestMismatch() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("stored copy");
        Release release = h.approve(bundle);
        Path stored = h.gate.blobs().location(bundle.artifactDigest());
        byte[] bytes = Files.readAllBytes(stored);
        bytes[10] ^= 0x01;
        Files.write(stored, bytes);

        assertRefused(() -> h.gate.admit(bundle.artifact()), RefusalReason.DIGEST_MISMATCH, "blob store");
        assertThat(lastEngineEvent().releaseId()).isEqualTo(release.id());
    }

    @Test
    void admit_approvedButNeverLogged_isRefusedAsNotLoggedAfterTheWait() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("unlogged");
        String id = bundle.artifactDigest().releaseId();
        h.relay.keepOnly(e -> !(e instanceof AuditEvent.ReleaseStep s && s.releaseId().equals(id)
                && s.step() == AuditEvent.ReleaseStep.Step.APPROVED));
        try (ReleaseGate impatient = h.open(h.settings.withAdmissionWait(Duration.ofMillis(1500)))) {
            Release release = h.approve(bundle);
            assertThat(release.state()).isEqualTo(ReleaseState.APPROVED);
            long started = System.nanoTime();
            assertRefused(() -> impatient.admit(bundle.artifact()), RefusalReason.NOT_LOGGED, "not in the log");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        } finally {
            h.relay.keepOnly(e -> true);
        }
        h.relay.drain();
        assertThat(verify(bundle.artifact(), h.logDirectory).outcome())
                .isEqualTo(ReleaseVerdict.Outcome.NOT_APPROVED);
    }

    @Test
    void admit_statementSignedByAnotherKey_isRefusedAsStatementInvalid() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("other key");
        h.approve(bundle);
        try (ReleaseGate other = h.open(h.settings.withSigning(new SigningKeySettings.Local(
                h.root.resolve("other-key/release.p8"))))) {
            assertThat(other.signingKey()).isNotEqualTo(h.gate.signingKey());
            assertRefused(() -> other.admit(bundle.artifact()), RefusalReason.STATEMENT_INVALID,
                    "no signature verifies with the release key");
        }
        h.relay.drain();
        var otherKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        ReleaseVerdict verdict = ReleaseVerifier.verify(bundle.artifact(), LogSource.of(h.logDirectory.toString()),
                h.logSigner.verifierKey(), otherKey);
        assertThat(verdict.outcome()).isEqualTo(ReleaseVerdict.Outcome.INVALID);
        assertThat(verdict.report()).contains("no signature verifies");
    }

    @Test
    void admit_revoked_isRefusedAndTheVerifierSeesTheRevocation() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("revoked");
        Release release = h.approve(bundle);
        h.gate.admit(bundle.artifact());
        h.gate.revoke(release.id(), Principal.operator("admin-1"), ReasonCode.VULNERABILITY);

        assertRefused(() -> h.gate.admit(bundle.artifact()), RefusalReason.REVOKED, "vulnerability");
        h.relay.drain();
        ReleaseVerdict verdict = verify(bundle.artifact(), h.logDirectory);
        assertThat(verdict.outcome()).isEqualTo(ReleaseVerdict.Outcome.REVOKED);
        assertThat(verdict.report()).contains("revoked by operator:admin-1 (vulnerability)");
    }

    @Test
    void admit_notYetApproved_isRefused() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("pending");
        h.gate.submit(bundle.artifact(), bundle.source(), "", Principal.operator("eng-1"));
        assertRefused(() -> h.gate.admit(bundle.artifact()), RefusalReason.NOT_APPROVED, "0 of 2 approvals");
    }

    @Test
    void admit_tileTampered_isRefusedAsInclusionProofInvalid() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("tampered tile");
        Release release = h.approve(bundle);
        long index = h.gate.admit(bundle.artifact()).logIndex();
        h.relay.drain();
        Path copy = copyLog();
        // Change the sibling's leaf hash in every level-0 tile file covering the entry: it is the first proof step.
        long sibling = index ^ 1;
        String tile = "tile/0/" + org.custos.tlog.tiles.TileCoordinate.encodeIndex(index / 256);
        try (Stream<Path> files = Files.walk(copy.resolve("tile/0"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String rel = copy.relativize(file).toString();
                if (rel.equals(tile) || rel.startsWith(tile + ".p/")) {
                    byte[] hashes = Files.readAllBytes(file);
                    int at = (int) (sibling % 256) * 32;
                    if (at < hashes.length) {
                        hashes[at] ^= 0x01;
                        Files.write(file, hashes);
                    }
                }
            }
        }
        try (ReleaseGate overCopy = h.open(h.settings, copy)) {
            assertRefused(() -> overCopy.admit(bundle.artifact()), RefusalReason.INCLUSION_PROOF_INVALID,
                    "is not included under");
        }
        assertThat(lastEngineEvent().releaseId()).isEqualTo(release.id());
        ReleaseVerdict verdict = verify(bundle.artifact(), copy);
        assertThat(verdict.outcome()).as(verdict.report()).isEqualTo(ReleaseVerdict.Outcome.INVALID);
    }

    @Test
    void admit_checkpointOfAnotherLog_isRefused() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("forked log");
        h.approve(bundle);
        h.gate.admit(bundle.artifact());
        h.relay.drain();
        Path copy = copyLog();
        long size = org.custos.tlog.note.Checkpoint.of(org.custos.tlog.note.SignedNote.parse(
                Files.readAllBytes(copy.resolve("checkpoint")))).size();
        // A fork: the same log key signs another tree of the same size.
        Path forkDirectory = h.root.resolve("fork-" + System.nanoTime());
        try (TransparencyLog fork = TransparencyLog.open(LogSettings.defaults(forkDirectory, h.logSigner)
                .withBatching(512, Duration.ofMillis(1), Duration.ofMillis(20)))) {
            List<byte[]> entries = new java.util.ArrayList<>();
            for (long i = 0; i < size; i++) {
                entries.add(("fork entry " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            fork.appendAll(entries);
            fork.awaitCheckpoint(size - 1, Duration.ofSeconds(20));
        }
        Files.copy(forkDirectory.resolve("checkpoint"), copy.resolve("checkpoint"), StandardCopyOption.REPLACE_EXISTING);
        try (ReleaseGate overCopy = h.open(h.settings, copy)) {
            assertRefused(() -> overCopy.admit(bundle.artifact()), RefusalReason.INCLUSION_PROOF_INVALID,
                    "is not included under");
        }
        assertThat(verify(bundle.artifact(), copy).outcome()).isEqualTo(ReleaseVerdict.Outcome.INVALID);

        // and a checkpoint signed by a key that is not the log's is refused before any entry is read
        NoteSigner stranger = NoteSigner.generate(GateHarness.LOG_ORIGIN, new SecureRandom());
        Path strangerDirectory = h.root.resolve("stranger-" + System.nanoTime());
        try (TransparencyLog other = TransparencyLog.open(LogSettings.defaults(strangerDirectory, stranger))) {
            other.append(new byte[] {1});
            other.awaitCheckpoint(0, Duration.ofSeconds(20));
        }
        Files.copy(strangerDirectory.resolve("checkpoint"), copy.resolve("checkpoint"),
                StandardCopyOption.REPLACE_EXISTING);
        try (ReleaseGate overCopy = h.open(h.settings, copy)) {
            assertRefused(() -> overCopy.admit(bundle.artifact()), RefusalReason.CHECKPOINT_INVALID,
                    "not signed by");
        }
    }

    @Test
    void admit_logUnreachable_isRefusedAsLogUnavailable() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("no log");
        h.approve(bundle);
        try (ReleaseGate nowhere = h.open(h.settings, h.root.resolve("no-such-log"))) {
            assertRefused(() -> nowhere.admit(bundle.artifact()), RefusalReason.LOG_UNAVAILABLE, "checkpoint");
        }
    }

    @Test
    void everyRefusal_isAnEngineEventWithItsReasonCode() {
        List<AuditEvent.EngineEvent> refused = h.engineEvents().stream().filter(e -> e.kind() == Kind.REFUSED)
                .toList();
        assertThat(refused).allSatisfy(e -> assertThat(e.reason()).isNotEmpty());
    }

    private static Path copyLog() throws Exception {
        Path copy = h.root.resolve("log-copy-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(h.logDirectory)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(h.logDirectory.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    private static ReleaseVerdict verify(Path artifact, Path log) {
        return ReleaseVerifier.verify(artifact, LogSource.of(log.toString()), h.logSigner.verifierKey(),
                h.gate.signingKey());
    }

    private static AuditEvent.EngineEvent lastEngineEvent() {
        return h.engineEvents().getLast();
    }

    @FunctionalInterface
    interface Admit {
        AdmittedRelease run() throws Exception;
    }

    private static void assertRefused(Admit admit, RefusalReason reason, String message) {
        int before = (int) h.engineEvents().stream().filter(e -> e.kind() == Kind.REFUSED).count();
        assertThatThrownBy(admit::run).isInstanceOfSatisfying(AdmissionRefusedException.class, e -> {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.permanent()).isEqualTo(reason.permanent());
            assertThat(e.getMessage()).contains(message);
        });
        List<AuditEvent.EngineEvent> refused = h.engineEvents().stream().filter(e -> e.kind() == Kind.REFUSED)
                .toList();
        assertThat(refused).hasSize(before + 1);
        assertThat(refused.getLast().reason()).isEqualTo(reason.code());
    }
}
