package org.custos.release;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.custos.tlog.note.VerifierKey;
import org.custos.tlog.tiles.TileCoordinate;
import org.custos.tlog.verify.LogSource;

/**
 * The regulator's check of an artifact, from public material alone: the transparency log (read through its public
 * formats), the log's verifier key and the custodian's release public key. No database, no trust in the gate.
 *
 * <ol>
 *   <li>hash the artifact;
 *   <li>fetch the checkpoint and verify its signature;
 *   <li>read every entry bundle and collect the {@code release} entries naming the digest;
 *   <li>for the newest APPROVED one: verify its DSSE statement with the release key and check that its subject is
 *       the digest; prove the entry's inclusion under the checkpoint from the tiles;
 *   <li>a REVOKED entry of the same release (also proven included) makes the verdict REVOKED.
 * </ol>
 *
 * Reading every bundle costs one fetch per 256 entries; it is what lets the verdict say "not approved" or "revoked"
 * without trusting anyone's index of the log.
 */
public final class ReleaseVerifier {
    private ReleaseVerifier() {
    }

    public static ReleaseVerdict verify(Path artifact, LogSource log, VerifierKey logKey, PublicKey releaseKey) {
        Sha256Digest digest;
        try {
            digest = Sha256Digest.of(artifact);
        } catch (IOException e) {
            return verdict(ReleaseVerdict.Outcome.UNVERIFIABLE, null, "", -1, null, null,
                    "cannot read the artifact " + artifact + ": " + e.getMessage());
        }
        LogReader reader = new LogReader(log, logKey);
        LogReader.Head head;
        try {
            head = reader.head();
        } catch (LogReader.LogProblem e) {
            return verdict(e.reason() == RefusalReason.LOG_UNAVAILABLE ? ReleaseVerdict.Outcome.UNVERIFIABLE
                    : ReleaseVerdict.Outcome.INVALID, digest, "", -1, null, null, e.getMessage());
        }
        StringBuilder report = new StringBuilder("artifact ").append(digest).append('\n')
                .append("checkpoint ").append(head.checkpoint()).append(" signed by ").append(logKey.name())
                .append('\n');
        List<LogReader.Found> approvals = new ArrayList<>();
        List<LogReader.Found> revocations = new ArrayList<>();
        try {
            long bundles = (head.size() + TileCoordinate.FULL_WIDTH - 1) / TileCoordinate.FULL_WIDTH;
            for (long b = 0; b < bundles; b++) {
                List<byte[]> entries = reader.bundle(head, b);
                for (int i = 0; i < entries.size(); i++) {
                    Optional<LoggedRelease> entry = LoggedRelease.decode(entries.get(i));
                    if (entry.isEmpty() || !entry.get().artifactDigest().equals(digest.toString())) {
                        continue;
                    }
                    LogReader.Found found = new LogReader.Found(b * TileCoordinate.FULL_WIDTH + i, entries.get(i),
                            entry.get());
                    if (entry.get().isApproval()) {
                        approvals.add(found);
                    } else if (entry.get().isRevocation()) {
                        revocations.add(found);
                    }
                }
            }
        } catch (LogReader.LogProblem e) {
            return verdict(e.reason() == RefusalReason.LOG_UNAVAILABLE ? ReleaseVerdict.Outcome.UNVERIFIABLE
                    : ReleaseVerdict.Outcome.INVALID, digest, "", -1, head, null, report + e.getMessage());
        }
        report.append("read ").append(head.size()).append(" entries: ").append(approvals.size())
                .append(" approval(s) and ").append(revocations.size()).append(" revocation(s) of this digest\n");
        if (approvals.isEmpty()) {
            return verdict(ReleaseVerdict.Outcome.NOT_APPROVED, digest, "", -1, head, null,
                    report + "no APPROVED release entry names " + digest);
        }
        List<String> problems = new ArrayList<>();
        for (int a = approvals.size() - 1; a >= 0; a--) {
            LogReader.Found approval = approvals.get(a);
            String id = approval.entry().releaseId();
            try {
                DsseEnvelope envelope = DsseEnvelope.parse(approval.entry().statement());
                if (!envelope.verifies(releaseKey)) {
                    throw new InvalidStatementException("no signature verifies with the release key "
                            + ReleaseKeys.keyId(releaseKey));
                }
                ProvenanceStatement.Subjects subjects = ProvenanceStatement.read(envelope);
                if (subjects.subjects().stream().map(Map.Entry::getValue).noneMatch(digest::equals)) {
                    throw new InvalidStatementException("the statement's subjects are not " + digest);
                }
                reader.proveInclusion(head, approval.index(), approval.bytes());
            } catch (InvalidStatementException | LogReader.LogProblem e) {
                problems.add("entry " + approval.index() + " (" + id + "): " + e.getMessage());
                continue;
            }
            report.append("entry ").append(approval.index()).append(": ").append(id).append(" approved by ")
                    .append(approval.entry().actor()).append(", statement signed by release key ")
                    .append(ReleaseKeys.keyId(releaseKey)).append(", included under ").append(head.checkpoint())
                    .append('\n');
            for (LogReader.Found revocation : revocations) {
                if (revocation.entry().releaseId().equals(id)) {
                    try {
                        reader.proveInclusion(head, revocation.index(), revocation.bytes());
                    } catch (LogReader.LogProblem e) {
                        problems.add("revocation entry " + revocation.index() + ": " + e.getMessage());
                        continue;
                    }
                    return verdict(ReleaseVerdict.Outcome.REVOKED, digest, id, approval.index(), head,
                            approval.entry().statement(), report + "entry " + revocation.index() + ": " + id
                                    + " revoked by " + revocation.entry().actor() + " (" + revocation.entry().reason()
                                    + ")");
                }
            }
            return verdict(ReleaseVerdict.Outcome.APPROVED, digest, id, approval.index(), head,
                    approval.entry().statement(), report.toString().stripTrailing());
        }
        return verdict(ReleaseVerdict.Outcome.INVALID, digest, "", -1, head, null,
                report + "no approval of this digest verifies:\n" + String.join("\n", problems));
    }

    private static ReleaseVerdict verdict(ReleaseVerdict.Outcome outcome, Sha256Digest digest, String id, long index,
                                          LogReader.Head head, String statement, String report) {
        return new ReleaseVerdict(outcome, Optional.ofNullable(digest), id.isEmpty() ? Optional.empty()
                : Optional.of(id), index < 0 ? OptionalLong.empty() : OptionalLong.of(index),
                Optional.ofNullable(head).map(h -> h.checkpoint().toString()), Optional.ofNullable(statement),
                report);
    }
}
