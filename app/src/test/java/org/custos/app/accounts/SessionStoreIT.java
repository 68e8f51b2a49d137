package org.custos.app.accounts;

import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.custos.vault.Migrations;
import org.custos.vault.SubjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionStoreIT {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static DataSource dataSource;
    private static SessionStore sessions;
    private static long userId;

    @BeforeAll
    static void start() throws SQLException {
        dataSource = TestDatabases.fresh("app");
        Migrations.apply(dataSource, "vault");
        Migrations.apply(dataSource, "app");
        sessions = new SessionStore(dataSource, new SecureRandom());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     INSERT INTO app_users (handle, display_name, email, email_index, birth_date, region,
                                            password_hash, created_at, updated_at)
                     VALUES ('sessions', 'S', '\\x00', '\\x01', '\\x02', '\\x03', 'x', now(), now())
                     RETURNING id""")) {
            rs.next();
            userId = rs.getLong(1);
        }
    }

    @Test
    void find_liveToken_isItsUserUntilExpiry() {
        SessionStore.Issued issued = sessions.issue(new SessionStore.Owner.User(userId), NOW, Duration.ofHours(1));

        assertThat(sessions.find(issued.token(), NOW.plusSeconds(3599)))
                .contains(new AuthenticatedUser(new SubjectId(userId), NOW.plus(Duration.ofHours(1))));
        assertThat(sessions.find(issued.token(), NOW.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void revoke_endsTheSessionOnce() {
        SessionStore.Issued issued = sessions.issue(new SessionStore.Owner.User(userId), NOW, Duration.ofHours(1));

        assertThat(sessions.revoke(issued.token())).isTrue();
        assertThat(sessions.revoke(issued.token())).isFalse();
        assertThat(sessions.find(issued.token(), NOW)).isEmpty();
    }

    @Test
    void sweep_deletesExpiredSessionsOnly() {
        Instant later = NOW.plus(Duration.ofDays(400));
        SessionStore.Issued expired = sessions.issue(new SessionStore.Owner.User(userId), later, Duration.ofMinutes(1));
        SessionStore.Issued live = sessions.issue(new SessionStore.Owner.User(userId), later, Duration.ofDays(1));

        int swept = sessions.sweep(later.plus(Duration.ofMinutes(2)));

        assertThat(swept).isPositive();
        assertThat(sessions.find(expired.token(), later)).isEmpty();
        assertThat(sessions.find(live.token(), later.plus(Duration.ofMinutes(2)))).isPresent();
    }
}
