package org.custos.release;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.custos.vault.AuditEvent;
import org.custos.vault.AuditEvent.EngineEvent.Kind;

/**
 * Decides whether an artifact may run (invariant 5): its SHA-256 must be an approved, unrevoked release's; the
 * release's statement must verify with the release public key and name that digest; the blob store's copy must
 * still have it; and the release's APPROVED entry, carrying exactly that statement, must be included under the
 * log's current checkpoint, read through the log's public formats ({@link LogReader}). Each decision is an engine
 * event: ADMITTED, or REFUSED with the reason's code.
 *
 * <p><b>Finding the entry.</b> Once found, its index is remembered with the release, so later admissions fetch one
 * bundle and one proof. The first time, the log is searched backwards from its end, stopping at entries older than
 * the approval (less {@link #CLOCK_MARGIN}): admission normally follows approval within seconds (the deployment
 * right after it, or the wait below), so the entry is among the last few the log holds, and a backward search reads
 * only what was logged since the approval. A forward scan would read the whole log; a binary search by time would
 * read O(log n) bundles for an old approval, but entries are ordered by outbox position, not strictly by time (an
 * event's time is taken before its transaction commits), so it could miss the entry; and the first search of an old
 * approval happens once. If the entry is not there yet (the relay and the checkpoint take about a second), the
 * search repeats over the newly integrated entries until the admission wait is over.
 */
final class Admission {
    /** How far an entry's time may run before its approval's and still be searched: commit order vs event time. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ReleaseStore store;
    private final BlobStore blobs;
    private final LogReader log;
    private final PublicKey releaseKey;
    private final Duration wait;

    Admission(ReleaseStore store, BlobStore blobs, LogReader log, PublicKey releaseKey, Duration wait) {
        this.store = store;
        this.blobs = blobs;
        this.log = log;
        this.releaseKey = releaseKey;
        this.wait = wait;
    }

    AdmittedRelease admit(Path artifact) throws AdmissionRefusedException {
        Sha256Digest digest;
        try {
            digest = Sha256Digest.of(artifact);
        } catch (IOException e) {
            throw refuse(RefusalReason.ARTIFACT_UNREADABLE, "", null, "cannot read the artifact " + artifact + ": "
                    + e.getMessage(), e);
        }
        Release release = store.byArtifact(digest).orElseThrow(() -> refuse(RefusalReason.UNKNOWN_ARTIFACT, "",
                digest, "no release has artifact " + digest, null));
        return admit(release, digest);
    }

    AdmittedRelease admitRelease(String id) throws AdmissionRefusedException {
        Release release = store.find(id).orElseThrow(() -> refuse(RefusalReason.UNKNOWN_ARTIFACT, "", null,
                "there is no release " + id, null));
        return admit(release, release.artifactDigest());
    }

    private AdmittedRelease admit(Release release, Sha256Digest digest) throws AdmissionRefusedException {
        String id = release.id();
        switch (release.state()) {
            case SUBMITTED -> throw refuse(RefusalReason.NOT_APPROVED, id, digest, "release " + id + " has "
                    + release.approvers().size() + " of " + release.requiredReviews() + " approvals", null);
            case REJECTED -> throw refuse(RefusalReason.REJECTED, id, digest, "release " + id + " was rejected ("
                    + release.closedReason().orElse("") + ")", null);
            case REVOKED -> throw refuse(RefusalReason.REVOKED, id, digest, "release " + id + " was revoked ("
                    + release.closedReason().orElse("") + ") at " + release.closedAt().orElseThrow(), null);
            case APPROVED -> {
                // checked below
            }
        }
        String statement = release.statement().orElseThrow();
        checkStatement(id, digest, statement);
        Path stored;
        try {
            stored = blobs.verified(digest);
        } catch (NoSuchFileException e) {
            throw refuse(RefusalReason.DIGEST_MISMATCH, id, digest, "the blob store has no copy of " + digest, e);
        } catch (IOException e) {
            throw refuse(RefusalReason.DIGEST_MISMATCH, id, digest, "the blob store's copy of the artifact is not "
                    + digest + ": " + e.getMessage(), e);
        }
        long index = logged(release, digest, statement);
        AdmittedRelease admitted = new AdmittedRelease(id, digest, stored, release.mainClass(),
                release.protocolVersion(), statement, index);
        store.recordEngineEvent(new AuditEvent.EngineEvent(Kind.ADMITTED, id, digest.toString(), "", "", 1,
                store.now()));
        return admitted;
    }

    private void checkStatement(String id, Sha256Digest digest, String statement)
            throws AdmissionRefusedException {
        ProvenanceStatement.Subjects subjects;
        try {
            DsseEnvelope envelope = DsseEnvelope.parse(statement);
            if (!envelope.verifies(releaseKey)) {
                throw new InvalidStatementException("no signature verifies with the release key "
                        + ReleaseKeys.keyId(releaseKey));
            }
            subjects = ProvenanceStatement.read(envelope);
        } catch (InvalidStatementException e) {
            throw refuse(RefusalReason.STATEMENT_INVALID, id, digest, "the approval statement of " + id
                    + " is not valid: " + e.getMessage(), e);
        }
        if (subjects.subjects().stream().noneMatch(s -> s.getValue().equals(digest))) {
            throw refuse(RefusalReason.DIGEST_MISMATCH, id, digest, "the approval statement of " + id
                    + " names " + subjects.subjects().stream().map(Map.Entry::getValue).toList() + ", not " + digest,
                    null);
        }
    }

    /** The index of the release's APPROVED entry, proven included under the current checkpoint. */
    private long logged(Release release, Sha256Digest digest, String statement) throws AdmissionRefusedException {
        String id = release.id();
        try {
            LogReader.Head head = log.head();
            if (release.logIndex().isPresent()) {
                long index = release.logIndex().getAsLong();
                if (index >= head.size()) {
                    throw refuse(RefusalReason.INCLUSION_PROOF_INVALID, id, digest, "the log's checkpoint "
                            + head.checkpoint() + " no longer covers entry " + index + " of " + id, null);
                }
                byte[] bytes = log.entry(head, index);
                Optional<LoggedRelease> entry = LoggedRelease.decode(bytes);
                if (entry.isEmpty() || !matches(entry.get(), release, statement)) {
                    throw refuse(RefusalReason.INCLUSION_PROOF_INVALID, id, digest, "entry " + index
                            + " of the log is no longer the approval of " + id, null);
                }
                log.proveInclusion(head, index, bytes);
                return index;
            }
            // A real wait for the relay, so measured on the monotonic clock, not the injected one.
            long deadline = System.nanoTime() + wait.toNanos();
            Instant notBefore = release.approvedAt().orElseThrow().minus(CLOCK_MARGIN);
            long floor = 0;
            while (true) {
                Optional<LogReader.Found> found = log.searchBackwards(head, floor, notBefore,
                        e -> matches(e, release, statement));
                if (found.isPresent()) {
                    log.proveInclusion(head, found.get().index(), found.get().bytes());
                    store.rememberLogIndex(id, found.get().index());
                    return found.get().index();
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw refuse(RefusalReason.NOT_LOGGED, id, digest, "the approval of " + id + " is not in the log"
                            + " (searched up to " + head.checkpoint() + ", waited " + wait + ")", null);
                }
                floor = head.size();
                Thread.sleep(POLL);
                head = log.head();
            }
        } catch (LogReader.LogProblem e) {
            throw refuse(e.reason(), id, digest, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refuse(RefusalReason.NOT_LOGGED, id, digest, "interrupted while waiting for the log", e);
        }
    }

    private static boolean matches(LoggedRelease entry, Release release, String statement) {
        return entry.isApproval() && entry.releaseId().equals(release.id())
                && entry.artifactDigest().equals(release.artifactDigest().toString())
                && entry.statement().equals(statement);
    }

    /** Records the refusal (best effort: a refusal stands even when it cannot be logged) and returns it. */
    private AdmissionRefusedException refuse(RefusalReason reason, String id, Sha256Digest digest, String message,
                                             Throwable cause) {
        AdmissionRefusedException refused = new AdmissionRefusedException(reason, id, digest, message, cause);
        try {
            store.recordEngineEvent(new AuditEvent.EngineEvent(Kind.REFUSED, id,
                    digest == null ? "" : digest.toString(), "", reason.code(), 1, store.now()));
        } catch (RuntimeException e) {
            refused.addSuppressed(e);
        }
        return refused;
    }
}
