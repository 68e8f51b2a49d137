package org.custos.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.custos.vault.Column;
import org.custos.vault.DataClass;
import org.custos.vault.DataClassCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a copy of the database shows of videos, the social graph and watch history: every PROTECTED column is a
 * vault-sealed {@code bytea} in every row, and no caption, comment or id of a hidden relation appears in clear.
 */
class ContentStorageIT {
    private static final String SECRET_CAPTION = "caption-only-for-followers";
    private static final String SECRET_COMMENT = "comment-only-for-followers";
    private static AppHarness harness;

    @BeforeAll
    static void start() {
        harness = new AppHarness();
        harness.signUp("store_a");
        harness.signUp("store_b");
        String a = harness.logIn("store_a", AppHarness.PASSWORD);
        String b = harness.logIn("store_b", AppHarness.PASSWORD);
        harness.put("/v1/users/store_a/follow", null, b);
        Map<String, String> fields = Uploads.fields("followers");
        fields.put("caption", SECRET_CAPTION);
        long video = harness.send("POST", "/v1/videos", Uploads.body(fields, Uploads.mp4(5000, 9)),
                Uploads.CONTENT_TYPE, a).json().path("id").asLong();
        harness.put("/v1/videos/" + video + "/like", null, b);
        harness.post("/v1/videos/" + video + "/shares", null, b);
        harness.post("/v1/videos/" + video + "/comments", AppHarness.json(Map.of("text", SECRET_COMMENT)), b);
        harness.post("/v1/events/watch", AppHarness.json(Map.of("events", List.of(Map.of(
                "id", UUID.randomUUID().toString(), "videoId", video, "watchedMs", 777_777)))), b);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void everyProtectedContentColumn_isSealedByteaInEveryRow() throws Exception {
        List<Column> columns = new ArrayList<>();
        DataClassCatalog.load("vault", "app").declarations().forEach((column, dataClass) -> {
            if (dataClass == DataClass.PROTECTED && column.table().startsWith("app_")
                    && !column.table().equals("app_users")) {
                columns.add(column);
            }
        });
        assertThat(columns).hasSizeGreaterThanOrEqualTo(7);
        try (Connection c = harness.dataSource.getConnection()) {
            for (Column column : columns) {
                try (PreparedStatement type = c.prepareStatement("SELECT data_type FROM information_schema.columns"
                        + " WHERE table_name = ? AND column_name = ?")) {
                    type.setString(1, column.table());
                    type.setString(2, column.column());
                    try (ResultSet rs = type.executeQuery()) {
                        rs.next();
                        assertThat(rs.getString(1)).as(column.toString()).isEqualTo("bytea");
                    }
                }
                int rows = 0;
                try (PreparedStatement q = c.prepareStatement("SELECT " + column.column() + " FROM "
                        + column.table() + " WHERE " + column.column() + " IS NOT NULL")) {
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            byte[] value = rs.getBytes(1);
                            rows++;
                            assertThat(value[0]).as(column + " format byte").isEqualTo((byte) 0x01);
                            String text = new String(value, StandardCharsets.ISO_8859_1);
                            assertThat(text).doesNotContain(SECRET_CAPTION).doesNotContain(SECRET_COMMENT)
                                    .doesNotContain("777777").doesNotContain("ftyp");
                        }
                    }
                }
                assertThat(rows).as(column + " has a row to check").isPositive();
            }
        }
    }

    @Test
    void rawDump_ofContentTables_showsNoSecretText() throws Exception {
        try (Connection c = harness.dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT (SELECT string_agg(v::text, ' ') FROM app_videos v)
                         || (SELECT string_agg(m::text, ' ') FROM app_comments m)
                         || (SELECT string_agg(w::text, ' ') FROM app_watch_events w)""");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            assertThat(rs.getString(1)).doesNotContain(SECRET_CAPTION).doesNotContain(SECRET_COMMENT);
        }
    }
}
