package org.custos.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the subject index ({@code audit_subject_entries}) for a subject's own access log, newest first. */
final class SubjectEntries {

    /** A log entry that names the subject, with its verbatim bytes. */
    record Indexed(long logIndex, long eventId, byte[] entry) {}

    private final DataSource dataSource;

    SubjectEntries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code limit} entries naming {@code subject} with a log index below {@code before}, newest first. */
    List<Indexed> page(String subject, long before, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("""
                     SELECT log_index, event_id, entry FROM audit_subject_entries
                      WHERE subject = ? AND log_index < ? ORDER BY log_index DESC LIMIT ?""")) {
            select.setString(1, subject);
            select.setLong(2, before);
            select.setInt(3, limit);
            List<Indexed> out = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(new Indexed(rows.getLong(1), rows.getLong(2), rows.getBytes(3)));
                }
            }
            return out;
        }
    }
}
