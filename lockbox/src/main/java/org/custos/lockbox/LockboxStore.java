package org.custos.lockbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.custos.vault.ApprovalRule;
import org.custos.vault.AuditEvent;
import org.custos.vault.AuditEvent.AccessStep.Step;
import org.custos.vault.AuditUnavailableException;
import org.custos.vault.Column;
import org.custos.vault.Principal;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * The requests' state machine in PostgreSQL. Every transition is one transaction that locks the request's row
 * ({@code SELECT ... FOR UPDATE}), checks the state it found, writes the change and commits the matching
 * {@link AuditEvent.AccessStep} through {@link Vault#record(Connection, AuditEvent)} on the same connection, so a
 * change and its audit event exist together or not at all. Two approvals racing each other, or an approval racing
 * a denial, are serialised by the row lock: the second sees the first's outcome.
 */
final class LockboxStore {
    /** The boundary's own principal, the actor of the steps no person takes (GRANTED, EXPIRED). */
    static final Principal LOCKBOX = Principal.service("lockbox");

    private final DataSource dataSource;
    private final Vault vault;
    private final Clock clock;
    private final Notices notices;

    LockboxStore(DataSource dataSource, Vault vault, Clock clock, Notices notices) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.clock = clock;
        this.notices = notices;
    }

    /**
     * A new request by {@code requester}, PENDING, with its REQUESTED step. The rule's number of approvers is stored
     * with the request, so a later change of the setting does not move requests already filed.
     */
    AccessRequest file(Principal requester, SubjectId subject, List<String> scopes, List<Column> columns,
                       Purpose purpose, String justification, Duration duration, ApprovalRule rule) {
        String pseudonym = vault.pseudonym(subject);
        Instant now = now();
        return transaction("filing an access request", c -> {
            long id;
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO lockbox_requests (requester, subject_id, subject_pseudonym, scopes, columns, purpose,
                        justification, duration_seconds, required_approvals, state, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?) RETURNING id""")) {
                insert.setString(1, requester.id());
                insert.setLong(2, subject.value());
                insert.setString(3, pseudonym);
                insert.setArray(4, c.createArrayOf("text", scopes.toArray()));
                insert.setArray(5, c.createArrayOf("text", columns.stream().map(Column::toString).toArray()));
                insert.setString(6, purpose.name());
                insert.setString(7, justification);
                insert.setLong(8, duration.toSeconds());
                insert.setInt(9, rule.required());
                insert.setTimestamp(10, Timestamp.from(now));
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            AccessRequest filed = RequestRows.load(c, id).orElseThrow();
            step(c, Step.REQUESTED, filed, requester, now);
            return filed;
        });
    }

    Optional<AccessRequest> find(long id) {
        return transaction("reading an access request", c -> RequestRows.load(c, id));
    }

    /** Newest first: requests with an id below {@code before}, optionally of one state or one requester. */
    List<AccessRequest> list(Optional<RequestState> state, Optional<String> requester, long before, int limit) {
        return transaction("listing access requests", c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT id FROM lockbox_requests
                    WHERE id < ? AND (?::text IS NULL OR state = ?) AND (?::text IS NULL OR requester = ?)
                    ORDER BY id DESC LIMIT ?""")) {
                q.setLong(1, before);
                q.setString(2, state.map(Enum::name).orElse(null));
                q.setString(3, state.map(Enum::name).orElse(null));
                q.setString(4, requester.orElse(null));
                q.setString(5, requester.orElse(null));
                q.setInt(6, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            List<AccessRequest> out = new ArrayList<>(ids.size());
            for (long id : ids) {
                RequestRows.load(c, id).ifPresent(out::add);
            }
            return out;
        });
    }

    /**
     * Records {@code approver}'s approval. When it is the last one required, the request becomes GRANTED from now
     * for its duration, a GRANTED step follows the APPROVED one, and a notice is queued, all in one transaction.
     */
    AccessRequest approve(long id, Principal approver) {
        Instant now = now();
        return transaction("approving an access request", c -> {
            AccessRequest request = locked(c, id);
            if (request.state() != RequestState.PENDING) {
                throw closed(request, "approved");
            }
            // Requesters and approvers are operators (LockboxRoutes refuses anyone else); they are stored by id.
            ApprovalRule.Outcome outcome = new ApprovalRule(request.requiredApprovals()).decide(
                    Principal.operator(request.requester()),
                    request.approvals().stream().map(a -> Principal.operator(a.approver())).toList(), approver);
            ApprovalRule.Counted counted = switch (outcome) {
                case ApprovalRule.Refused(ApprovalRule.Refusal reason) -> throw refused(reason);
                case ApprovalRule.Counted approval -> approval;
            };
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO lockbox_approvals (request_id, approver, approved_at) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                insert.setLong(1, id);
                insert.setString(2, approver.id());
                insert.setTimestamp(3, Timestamp.from(now));
                if (insert.executeUpdate() == 0) {
                    // Cannot happen under the row lock; kept so that the table's key is the last word.
                    throw refused(ApprovalRule.Refusal.ALREADY_APPROVED);
                }
            }
            step(c, Step.APPROVED, request, approver, now);
            if (counted.thresholdMet()) {
                Instant expires = now.plus(request.duration());
                try (PreparedStatement grant = c.prepareStatement("""
                        UPDATE lockbox_requests SET state = 'GRANTED', granted_at = ?, expires_at = ? WHERE id = ?""")) {
                    grant.setTimestamp(1, Timestamp.from(now));
                    grant.setTimestamp(2, Timestamp.from(expires));
                    grant.setLong(3, id);
                    grant.executeUpdate();
                }
                AccessRequest granted = RequestRows.load(c, id).orElseThrow();
                step(c, Step.GRANTED, granted, LOCKBOX, now);
                notices.queue(c, granted, now);
                return granted;
            }
            return RequestRows.load(c, id).orElseThrow();
        });
    }

    /** Denies a PENDING request, finally. */
    AccessRequest deny(long id, Principal approver) {
        Instant now = now();
        return transaction("denying an access request", c -> {
            AccessRequest request = locked(c, id);
            if (request.state() != RequestState.PENDING) {
                throw closed(request, "denied");
            }
            close(c, id, RequestState.DENIED, Optional.of(approver), now);
            step(c, Step.DENIED, request, approver, now);
            return RequestRows.load(c, id).orElseThrow();
        });
    }

    /**
     * {@code requester} takes back their own PENDING request: WITHDRAWN, final, with a WITHDRAWN step naming them.
     * Someone else's request is not found (as {@code GET} answers), or forbidden to an approver, who may see it.
     */
    AccessRequest withdraw(long id, Principal requester, boolean callerSeesEveryRequest) {
        Instant now = now();
        return transaction("withdrawing an access request", c -> {
            AccessRequest request = locked(c, id);
            if (!request.requester().equals(requester.id())) {
                if (!callerSeesEveryRequest) {
                    throw notFound(id);
                }
                throw LockboxProblem.of(ProblemType.FORBIDDEN,
                        "Only the requester of a request can withdraw it; an approver denies it instead.");
            }
            if (request.state() != RequestState.PENDING) {
                throw closed(request, "withdrawn");
            }
            close(c, id, RequestState.WITHDRAWN, Optional.of(requester), now);
            step(c, Step.WITHDRAWN, request, requester, now);
            return RequestRows.load(c, id).orElseThrow();
        });
    }

    /** Ends a GRANTED request's grant now. */
    AccessRequest revoke(long id, Principal by) {
        Instant now = now();
        return transaction("revoking an access grant", c -> {
            AccessRequest request = locked(c, id);
            if (request.state() != RequestState.GRANTED) {
                throw closed(request, "revoked");
            }
            close(c, id, RequestState.REVOKED, Optional.of(by), now);
            step(c, Step.REVOKED, request, by, now);
            return RequestRows.load(c, id).orElseThrow();
        });
    }

    /**
     * Turns GRANTED requests whose time box has ended into EXPIRED, each with its EXPIRED step, at most
     * {@code limit} per call. Rows another node is expiring are skipped, not waited for.
     *
     * @return how many expired
     */
    int expireDue(int limit) {
        Instant now = now();
        return expire("expiring access grants", """
                SELECT id FROM lockbox_requests WHERE state = 'GRANTED' AND expires_at <= ?
                ORDER BY expires_at, id LIMIT ? FOR UPDATE SKIP LOCKED""", now, now, limit,
                request -> request.expiresAt().orElse(now));
    }

    /**
     * Turns PENDING requests filed {@code maxAge} or more ago into EXPIRED (never granted: no time box), each with
     * an EXPIRED step dated the moment its age ran out, at most {@code limit} per call. Rows locked elsewhere (an
     * approval or a withdrawal in flight) are skipped and looked at again next time.
     *
     * @return how many expired
     */
    int expireUndecided(Duration maxAge, int limit) {
        Instant now = now();
        return expire("expiring undecided access requests", """
                SELECT id FROM lockbox_requests WHERE state = 'PENDING' AND created_at <= ?
                ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED""", now, now.minus(maxAge), limit,
                request -> request.createdAt().plus(maxAge));
    }

    /** Closes as EXPIRED, at {@code now}, the rows {@code due} (bound, limit) selects and locks, each with a step. */
    private int expire(String what, String due, Instant now, Instant bound, int limit,
                       Function<AccessRequest, Instant> stepTime) {
        return transaction(what, c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(due)) {
                q.setTimestamp(1, Timestamp.from(bound));
                q.setInt(2, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            for (long id : ids) {
                AccessRequest request = RequestRows.load(c, id).orElseThrow();
                close(c, id, RequestState.EXPIRED, Optional.empty(), now);
                step(c, Step.EXPIRED, request, LOCKBOX, stepTime.apply(request));
            }
            return ids.size();
        });
    }

    /**
     * Runs {@code read} with the request's row share-locked, so that a revocation committing meanwhile waits until
     * the read is over: no read completes after its grant's revocation committed.
     */
    <T> T whileGrantHeld(long id, Function<Optional<AccessRequest>, T> read) {
        return transaction("reading under an access grant", c -> read.apply(
                RequestRows.load(c, id, " FOR SHARE")));
    }

    /** Records a REFUSED step on its own (the refused read changes nothing else). */
    void refused(String requestId, Principal reader, Purpose purpose, List<Column> columns, List<String> subjects) {
        vault.record(new AuditEvent.AccessStep(Step.REFUSED, requestId, reader, purpose, columns, subjects, now()));
    }

    private void step(Connection c, Step step, AccessRequest request, Principal actor, Instant at)
            throws SQLException {
        vault.record(c, new AuditEvent.AccessStep(step, request.auditId(), actor, request.purpose(),
                request.columns(), List.of(request.subjectPseudonym()), at));
    }

    private static LockboxProblem refused(ApprovalRule.Refusal reason) {
        return switch (reason) {
            case SELF_APPROVAL -> LockboxProblem.of(ProblemType.SELF_APPROVAL,
                    "The requester of a request cannot approve it; another approver must.");
            case ALREADY_APPROVED -> LockboxProblem.of(ProblemType.ALREADY_APPROVED,
                    "Each approver counts once; the request still needs another approver.");
        };
    }

    private static LockboxProblem closed(AccessRequest request, String verb) {
        return LockboxProblem.of(ProblemType.REQUEST_CLOSED,
                "Request " + request.id() + " is " + request.state().wireName() + " and cannot be " + verb + ".");
    }

    private static void close(Connection c, long id, RequestState state, Optional<Principal> by, Instant now)
            throws SQLException {
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE lockbox_requests SET state = ?, closed_by = ?, closed_at = ? WHERE id = ?")) {
            u.setString(1, state.name());
            u.setString(2, by.map(Principal::id).orElse(null));
            u.setTimestamp(3, Timestamp.from(now));
            u.setLong(4, id);
            u.executeUpdate();
        }
    }

    private static AccessRequest locked(Connection c, long id) throws SQLException {
        return RequestRows.load(c, id, " FOR UPDATE").orElseThrow(() -> notFound(id));
    }

    static LockboxProblem notFound(long id) {
        return LockboxProblem.of(ProblemType.NOT_FOUND, "There is no access request " + id + ".");
    }

    /** PostgreSQL keeps microseconds; so do we, so that what we return equals what a later read finds. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
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
            throw LockboxProblem.of(ProblemType.UNAVAILABLE,
                    "The lockbox's database did not answer while " + what + "; nothing changed, try again.", e);
        } catch (AuditUnavailableException e) {
            throw LockboxProblem.of(ProblemType.UNAVAILABLE,
                    "The audit trail could not record " + what + "; nothing changed, try again.", e);
        }
    }
}
