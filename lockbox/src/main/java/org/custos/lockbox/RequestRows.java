package org.custos.lockbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.custos.vault.Column;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectId;

/** Reading an {@link AccessRequest} and its approvals from {@code lockbox_requests} and {@code lockbox_approvals}. */
final class RequestRows {
    private static final String COLUMNS = """
            id, requester, subject_id, subject_pseudonym, scopes, columns, purpose, justification, duration_seconds,
            required_approvals, state, created_at, granted_at, expires_at, closed_by, closed_at""";

    private RequestRows() {
    }

    static Optional<AccessRequest> load(Connection c, long id) throws SQLException {
        return load(c, id, "");
    }

    /** @param lock empty, or the row-lock clause ({@code FOR UPDATE}, {@code FOR SHARE}) */
    static Optional<AccessRequest> load(Connection c, long id, String lock) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM lockbox_requests WHERE id = ?" + lock)) {
            q.setLong(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AccessRequest(rs.getLong(1), rs.getString(2), new SubjectId(rs.getLong(3)),
                        rs.getString(4), strings(rs.getArray(5)),
                        strings(rs.getArray(6)).stream().map(Column::of).toList(), new Purpose(rs.getString(7)),
                        rs.getString(8), Duration.ofSeconds(rs.getLong(9)), rs.getInt(10),
                        RequestState.valueOf(rs.getString(11)), rs.getTimestamp(12).toInstant(), instant(rs, 13),
                        instant(rs, 14), Optional.ofNullable(rs.getString(15)), instant(rs, 16), approvals(c, id)));
            }
        }
    }

    private static List<AccessRequest.Approval> approvals(Connection c, long id) throws SQLException {
        List<AccessRequest.Approval> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT approver, approved_at FROM lockbox_approvals WHERE request_id = ? ORDER BY approved_at, approver")) {
            q.setLong(1, id);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new AccessRequest.Approval(rs.getString(1), rs.getTimestamp(2).toInstant()));
                }
            }
        }
        return out;
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
