package org.custos.release;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.custos.vault.ApprovalRule;
import org.custos.vault.AuditEvent;
import org.custos.vault.AuditEvent.ReleaseStep.Step;
import org.custos.vault.AuditUnavailableException;
import org.custos.vault.Principal;
import org.custos.vault.Vault;

/**
 * The releases' state machine in PostgreSQL. Every transition is one transaction that locks the release's row
 * ({@code SELECT ... FOR UPDATE}), checks the state it found, writes the change and commits the matching
 * {@link AuditEvent.ReleaseStep} through {@link Vault#record(Connection, AuditEvent)} on the same connection, so a
 * change and its log event exist together or not at all. Reviews racing each other are serialised by the row lock.
 */
final class ReleaseStore {
    private final DataSource dataSource;
    private final Vault vault;
    private final Clock clock;

    ReleaseStore(DataSource dataSource, Vault vault, Clock clock) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.clock = clock;
    }

    record Submitted(Release release, boolean created) {}

    /** What a submission stores; the blobs are already in the blob store. */
    record Submission(Sha256Digest artifact, Sha256Digest source, BundleManifest manifest, String notes,
                      Principal submitter, int requiredReviews) {}

    /**
     * Stores a new release with its SUBMITTED step, or returns the one already holding these bytes.
     *
     * @throws ReleaseException {@link ReleaseProblem#SUBMISSION_CONFLICT} if the artifact was submitted with
     *     another source archive
     */
    Submitted submit(Submission s) {
        Instant now = now();
        String id = s.artifact().releaseId();
        Sha256Digest notes = Sha256Digest.ofText(s.notes());
        return transaction("submitting a release", c -> {
            int inserted;
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO release_releases (id, artifact_digest, source_digest, bundle_name, main_class,
                        protocol_version, notes, notes_commitment, submitter, required_reviews, state, submitted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'SUBMITTED', ?) ON CONFLICT DO NOTHING""")) {
                insert.setString(1, id);
                insert.setString(2, s.artifact().toString());
                insert.setString(3, s.source().toString());
                insert.setString(4, s.manifest().bundleName());
                insert.setString(5, s.manifest().mainClass());
                insert.setInt(6, s.manifest().protocolVersion());
                insert.setString(7, s.notes());
                insert.setString(8, notes.toString());
                insert.setString(9, s.submitter().toString());
                insert.setInt(10, s.requiredReviews());
                insert.setTimestamp(11, Timestamp.from(now));
                inserted = insert.executeUpdate();
            }
            if (inserted == 0) {
                Release existing = ReleaseRows.load(c, id).orElseThrow(() -> ReleaseException.of(
                        ReleaseProblem.SUBMISSION_CONFLICT, "another artifact with the same release id prefix "
                                + id + " exists; this cannot be submitted"));
                if (!existing.artifactDigest().equals(s.artifact())) {
                    throw ReleaseException.of(ReleaseProblem.SUBMISSION_CONFLICT, "release id " + id
                            + " already names another artifact (" + existing.artifactDigest() + ")");
                }
                if (!existing.sourceDigest().equals(s.source())) {
                    throw ReleaseException.of(ReleaseProblem.SUBMISSION_CONFLICT, "artifact " + s.artifact()
                            + " was submitted as " + id + " with source archive " + existing.sourceDigest()
                            + ", not " + s.source() + "; an artifact has exactly one source");
                }
                return new Submitted(existing, false);
            }
            vault.record(c, new AuditEvent.ReleaseStep(Step.SUBMITTED, id, s.artifact().toString(),
                    s.source().toString(), s.submitter(), "", notes.toString(), "", now));
            return new Submitted(ReleaseRows.load(c, id).orElseThrow(), true);
        });
    }

    Optional<Release> find(String id) {
        return transaction("reading a release", c -> ReleaseRows.load(c, id));
    }

    Optional<Release> byArtifact(Sha256Digest digest) {
        return transaction("reading a release", c -> {
            Optional<String> id = ReleaseRows.idOfArtifact(c, digest);
            return id.isEmpty() ? Optional.<Release>empty() : ReleaseRows.load(c, id.get());
        });
    }

    Optional<ReleaseRows.StoredRebuild> latestRebuild(String id) {
        return transaction("reading a rebuild", c -> ReleaseRows.latestRebuild(c, id));
    }

    /** Newest first, optionally of one state. */
    List<Release> list(Optional<ReleaseState> state, int limit) {
        return transaction("listing releases", c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT id FROM release_releases WHERE (?::text IS NULL OR state = ?) ORDER BY seq DESC LIMIT ?""")) {
                q.setString(1, state.map(Enum::name).orElse(null));
                q.setString(2, state.map(Enum::name).orElse(null));
                q.setInt(3, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<Release> out = new ArrayList<>();
            for (String id : ids) {
                ReleaseRows.load(c, id).ifPresent(out::add);
            }
            return out;
        });
    }

    /** The most recently approved release other than {@code id} (revoked ones included: they were reviewed). */
    Optional<Release> lastApprovedOtherThan(String id) {
        return transaction("reading releases", c -> {
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT id FROM release_releases WHERE approved_at IS NOT NULL AND id <> ?
                    ORDER BY approved_at DESC, seq DESC LIMIT 1""")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? ReleaseRows.load(c, rs.getString(1)) : Optional.<Release>empty();
                }
            }
        });
    }

    /** Stores a rebuild's outcome (a failed build is stored too, with its error). */
    RebuildReport recordRebuild(String id, Optional<Rebuilder.Outcome> outcome, Rebuilder.Difference difference,
                                String error, String runtime, String builder, Instant started, Instant finished,
                                Principal by) {
        return transaction("recording a rebuild", c -> {
            Release release = locked(c, id);
            boolean matches = outcome.isPresent() && outcome.get().artifactDigest().equals(release.artifactDigest());
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO release_rebuilds (release_id, rebuilt_digest, matches, only_in_submitted,
                        only_in_rebuilt, differing, recipe, dependencies, runtime, builder, started_on, finished_on,
                        error, requested_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, id);
                insert.setString(2, outcome.map(o -> o.artifactDigest().toString()).orElse(null));
                insert.setBoolean(3, matches);
                insert.setArray(4, c.createArrayOf("text", difference.onlyInExpected().toArray()));
                insert.setArray(5, c.createArrayOf("text", difference.onlyInActual().toArray()));
                insert.setArray(6, c.createArrayOf("text", difference.differing().toArray()));
                insert.setString(7, ReleaseRows.recipeJson(outcome.map(Rebuilder.Outcome::recipe).orElse(
                        new java.util.TreeMap<>())));
                insert.setString(8, ReleaseRows.dependenciesJson(outcome.map(Rebuilder.Outcome::dependencies)
                        .orElse(List.of())));
                insert.setString(9, runtime);
                insert.setString(10, builder);
                insert.setTimestamp(11, Timestamp.from(started.truncatedTo(ChronoUnit.MICROS)));
                insert.setTimestamp(12, Timestamp.from(finished.truncatedTo(ChronoUnit.MICROS)));
                insert.setString(13, error);
                insert.setString(14, by.toString());
                insert.executeUpdate();
            }
            return ReleaseRows.latestRebuild(c, id).orElseThrow().report();
        });
    }

    /** What signing an approval needs: the release as it will be approved, its approvers and its rebuild. */
    record Approval(Release release, List<Principal> approvers, ReleaseRows.StoredRebuild rebuild, Instant at) {}

    /**
     * Records {@code reviewer}'s review. A rejection closes the release (REJECTED). The approval that reaches the
     * required count needs the latest rebuild to match; it then signs the statement with {@code sign} and approves,
     * with REVIEWED then APPROVED steps, all in one transaction.
     *
     * @param mayReviewOwn only for the bootstrap service, which submits and approves the default algorithm itself
     */
    Release review(String id, Principal reviewer, ReviewVerdict verdict, String findings, ReasonCode reason,
                   boolean mayReviewOwn, Function<Approval, String> sign) {
        Instant now = now();
        Sha256Digest commitment = Sha256Digest.ofText(findings);
        return transaction("reviewing a release", c -> {
            Release release = locked(c, id);
            if (release.state() != ReleaseState.SUBMITTED) {
                throw closed(release, "reviewed");
            }
            List<Principal> approvers = new ArrayList<>(release.approvers());
            ApprovalRule.Outcome outcome = new ApprovalRule(release.requiredReviews())
                    .decide(release.submitter(), approvers, reviewer);
            boolean thresholdMet = switch (outcome) {
                case ApprovalRule.Counted counted -> counted.thresholdMet();
                case ApprovalRule.Refused refused when refused.reason() == ApprovalRule.Refusal.SELF_APPROVAL
                        && mayReviewOwn && !approvers.contains(reviewer) ->
                        approvers.size() + 1 >= release.requiredReviews();
                case ApprovalRule.Refused refused when refused.reason() == ApprovalRule.Refusal.SELF_APPROVAL ->
                        throw ReleaseException.of(ReleaseProblem.SELF_REVIEW,
                                "The submitter of a release cannot review it; another reviewer must.");
                case ApprovalRule.Refused refused -> throw ReleaseException.of(ReleaseProblem.ALREADY_REVIEWED,
                        "Each reviewer reviews a release once; it still needs another reviewer.");
            };
            boolean approves = verdict == ReviewVerdict.APPROVE && thresholdMet;
            Optional<ReleaseRows.StoredRebuild> rebuild = ReleaseRows.latestRebuild(c, id);
            if (approves) {
                requireMatchingRebuild(release, rebuild);
            }
            String reasonCode = verdict == ReviewVerdict.REJECT ? reason.code() : "";
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO release_reviews (release_id, reviewer, verdict, findings, findings_commitment, reason,
                        reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, id);
                insert.setString(2, reviewer.toString());
                insert.setString(3, verdict.name());
                insert.setString(4, findings);
                insert.setString(5, commitment.toString());
                insert.setString(6, reasonCode);
                insert.setTimestamp(7, Timestamp.from(now));
                insert.executeUpdate();
            }
            step(c, Step.REVIEWED, release, reviewer, verdict.code(), commitment.toString(), "", now);
            if (verdict == ReviewVerdict.REJECT) {
                close(c, id, ReleaseState.REJECTED, reviewer, reasonCode, now);
                step(c, Step.REJECTED, release, reviewer, reasonCode, "", "", now);
            } else if (approves) {
                approvers.add(reviewer);
                String statement = sign.apply(new Approval(release, List.copyOf(approvers), rebuild.orElseThrow(),
                        now));
                try (PreparedStatement u = c.prepareStatement("""
                        UPDATE release_releases SET state = 'APPROVED', approved_at = ?, statement = ? WHERE id = ?""")) {
                    u.setTimestamp(1, Timestamp.from(now));
                    u.setString(2, statement);
                    u.setString(3, id);
                    u.executeUpdate();
                }
                step(c, Step.APPROVED, release, reviewer, "", "", statement, now);
            }
            return ReleaseRows.load(c, id).orElseThrow();
        });
    }

    /**
     * Ends an APPROVED release: never admitted again.
     */
    Release revoke(String id, Principal by, ReasonCode reason) {
        Instant now = now();
        return transaction("revoking a release", c -> {
            Release release = locked(c, id);
            if (release.state() != ReleaseState.APPROVED) {
                throw closed(release, "revoked");
            }
            close(c, id, ReleaseState.REVOKED, by, reason.code(), now);
            step(c, Step.REVOKED, release, by, reason.code(), "", "", now);
            return ReleaseRows.load(c, id).orElseThrow();
        });
    }

    /** Makes an APPROVED release the one to run. */
    Deployment deploy(String id, Principal by) {
        Instant now = now();
        return transaction("deploying a release", c -> {
            Release release = locked(c, id);
            if (release.state() != ReleaseState.APPROVED) {
                throw closed(release, "deployed");
            }
            // One deployment at a time: the advisory lock orders concurrent deploys, so "previous" is exact.
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, 0x72656c65617365L); // "release"
                lock.execute();
            }
            Optional<Deployment> previous = latestDeployment(c);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO release_deployments (release_id, previous_release, deployed_by, deployed_at)
                    VALUES (?, ?, ?, ?)""")) {
                insert.setString(1, id);
                insert.setString(2, previous.map(Deployment::releaseId).orElse(null));
                insert.setString(3, by.toString());
                insert.setTimestamp(4, Timestamp.from(now));
                insert.executeUpdate();
            }
            return latestDeployment(c).orElseThrow();
        });
    }

    /** The latest deployment, whatever its release's state now. */
    Optional<Deployment> latestDeployment() {
        return transaction("reading the deployment", ReleaseStore::latestDeployment);
    }

    void rememberLogIndex(String id, long index) {
        transaction("remembering a log index", c -> {
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE release_releases SET log_index = ? WHERE id = ? AND log_index IS NULL")) {
                u.setLong(1, index);
                u.setString(2, id);
                return u.executeUpdate();
            }
        });
    }

    /** Records an admission decision on its own. */
    void recordEngineEvent(AuditEvent.EngineEvent event) {
        vault.record(event);
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Optional<Deployment> latestDeployment(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT d.id, d.release_id, r.artifact_digest, d.previous_release, d.deployed_by, d.deployed_at
                FROM release_deployments d JOIN release_releases r ON r.id = d.release_id
                ORDER BY d.id DESC LIMIT 1""")) {
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Deployment(rs.getLong(1), rs.getString(2), Sha256Digest.parse(rs.getString(3)),
                        Optional.ofNullable(rs.getString(4)), ReleaseRows.principal(rs.getString(5)),
                        rs.getTimestamp(6).toInstant()));
            }
        }
    }

    static void requireMatchingRebuild(Release release, Optional<ReleaseRows.StoredRebuild> rebuild) {
        if (rebuild.isEmpty()) {
            throw ReleaseException.of(ReleaseProblem.REBUILD_FAILED, "Release " + release.id()
                    + " has not been rebuilt; rebuild it (POST /v1/releases/" + release.id() + "/rebuild) first.");
        }
        RebuildReport report = rebuild.get().report();
        if (!report.error().isEmpty()) {
            throw ReleaseException.withExtensions(ReleaseProblem.REBUILD_FAILED, "The last rebuild of "
                    + release.id() + " failed, so it cannot be approved: " + report.error(),
                    Map.of("rebuild", report.number()));
        }
        if (!report.matches()) {
            throw ReleaseException.withExtensions(ReleaseProblem.REBUILD_MISMATCH, "The source archive of "
                    + release.id() + " rebuilds to " + report.rebuiltDigest().map(Object::toString).orElse("nothing")
                    + ", not the submitted " + release.artifactDigest() + "; approval is blocked. Entries only in"
                    + " the submitted artifact: " + report.onlyInSubmitted() + "; only in the rebuild: "
                    + report.onlyInRebuilt() + "; differing: " + report.differing() + ".",
                    Map.of("rebuild", report.number(), "onlyInSubmitted", report.onlyInSubmitted(),
                            "onlyInRebuilt", report.onlyInRebuilt(), "differing", report.differing()));
        }
    }

    private void step(Connection c, Step step, Release release, Principal actor, String reason, String commitment,
                      String statement, Instant at) throws SQLException {
        vault.record(c, new AuditEvent.ReleaseStep(step, release.id(), release.artifactDigest().toString(),
                release.sourceDigest().toString(), actor, reason, commitment, statement, at));
    }

    private static void close(Connection c, String id, ReleaseState state, Principal by, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE release_releases SET state = ?, closed_by = ?, closed_reason = ?, closed_at = ? WHERE id = ?")) {
            u.setString(1, state.name());
            u.setString(2, by.toString());
            u.setString(3, reason);
            u.setTimestamp(4, Timestamp.from(now));
            u.setString(5, id);
            u.executeUpdate();
        }
    }

    private static Release locked(Connection c, String id) throws SQLException {
        return ReleaseRows.load(c, id, " FOR UPDATE").orElseThrow(() -> notFound(id));
    }

    static ReleaseException notFound(String id) {
        return ReleaseException.of(ReleaseProblem.NOT_FOUND, "There is no release " + id + ".");
    }

    private static ReleaseException closed(Release release, String verb) {
        return ReleaseException.of(ReleaseProblem.RELEASE_CLOSED,
                "Release " + release.id() + " is " + release.state().wireName() + " and cannot be " + verb + ".");
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T transaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw ReleaseException.of(ReleaseProblem.UNAVAILABLE,
                    "The release gate's database did not answer while " + what + "; nothing changed, try again.", e);
        } catch (AuditUnavailableException e) {
            throw ReleaseException.of(ReleaseProblem.UNAVAILABLE,
                    "The audit trail could not record " + what + "; nothing changed, try again.", e);
        }
    }
}
