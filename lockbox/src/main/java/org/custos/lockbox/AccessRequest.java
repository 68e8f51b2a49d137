package org.custos.lockbox;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.custos.vault.Column;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectId;

/**
 * An access request as stored, with its approvals in the order they landed. A request that reached GRANTED is
 * also the grant: both share one id.
 */
record AccessRequest(long id, String requester, SubjectId subject, String subjectPseudonym, List<String> scopes,
                     List<Column> columns, Purpose purpose, String justification, Duration duration,
                     int requiredApprovals, RequestState state, Instant createdAt, Optional<Instant> grantedAt,
                     Optional<Instant> expiresAt, Optional<String> closedBy, Optional<Instant> closedAt,
                     List<Approval> approvals) {

    record Approval(String approver, Instant at) {
    }

    AccessRequest {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(subject, "subject");
        scopes = List.copyOf(scopes);
        columns = List.copyOf(columns);
        approvals = List.copyOf(approvals);
    }

    /** The name audit events, notices and access contexts use for this request and its grant. */
    String auditId() {
        return auditId(id);
    }

    static String auditId(long id) {
        return "lockbox-" + id;
    }

    /** Whether the grant allows reading at {@code now}: granted, and the time box not over. */
    boolean grantsAt(Instant now) {
        return state == RequestState.GRANTED && expiresAt.map(now::isBefore).orElse(false);
    }

    /** The JSON answer of the API (docs/lockbox.md); the justification is staff text, shown to operators only. */
    Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("state", state.wireName());
        out.put("requester", "operator:" + requester);
        out.put("subject", subject.value());
        out.put("scopes", scopes);
        out.put("columns", columns.stream().map(Column::toString).toList());
        out.put("purpose", purpose.name());
        out.put("justification", justification);
        out.put("durationMinutes", duration.toMinutes());
        out.put("requiredApprovals", requiredApprovals);
        out.put("approvals", approvals.stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("approver", "operator:" + a.approver());
            m.put("at", a.at().toString());
            return m;
        }).toList());
        out.put("createdAt", createdAt.toString());
        out.put("grantedAt", grantedAt.map(Instant::toString).orElse(null));
        out.put("expiresAt", expiresAt.map(Instant::toString).orElse(null));
        out.put("closedBy", closedBy.map(by -> "operator:" + by).orElse(null));
        out.put("closedAt", closedAt.map(Instant::toString).orElse(null));
        return out;
    }
}
