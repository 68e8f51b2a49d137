package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.DataClass;
import org.custos.vault.DataClassCatalog;
import org.custos.vault.SubjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a copy of the database shows: ciphertext for every PROTECTED column, no password or token in clear. */
class StorageIT {
    private static final String EMAIL = "storage.check@example.org";
    private static AppHarness harness;
    private static long id;

    @BeforeAll
    static void start() {
        harness = new AppHarness();
        Reply reply = harness.post("/v1/accounts", AppHarness.json(Map.of("handle", "storage_check", "displayName",
                "Storage Check", "email", EMAIL, "password", AppHarness.PASSWORD, "birthDate", "1984-07-21",
                "region", "DE-BY")));
        id = reply.json().path("id").asLong();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void everyProtectedAccountColumn_holdsOnlyCiphertextThatOpensToTheValue() throws SQLException {
        Map<String, String> plaintext = Map.of("email", EMAIL, "birth_date", "1984-07-21", "region", "DE-BY");
        Map<Column, DataClass> declared = DataClassCatalog.load("vault", "app").declarations();
        var protectedColumns = declared.entrySet().stream()
                .filter(e -> e.getValue() == DataClass.PROTECTED && e.getKey().table().equals("app_users"))
                .map(Map.Entry::getKey)
                .toList();

        assertThat(protectedColumns).extracting(Column::column)
                .containsExactlyInAnyOrderElementsOf(plaintext.keySet());
        for (Column column : protectedColumns) {
            byte[] stored = raw(column);
            byte[] clear = plaintext.get(column.column()).getBytes(StandardCharsets.UTF_8);
            assertThat(stored.length).as(column.toString()).isGreaterThan(clear.length);
            assertThat(indexOf(stored, clear)).as(column + " contains its plaintext").isEqualTo(-1);
            assertThat(harness.vault.openString(AccessContext.self(new SubjectId(id)), new SubjectId(id), column,
                    stored)).isEqualTo(plaintext.get(column.column()));
        }
    }

    @Test
    void rawRow_hasNoPasswordOrEmailInAnyColumn() throws SQLException {
        try (Connection c = harness.dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT u::text FROM app_users u WHERE id = ?")) {
            q.setLong(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                String row = rs.getString(1);
                assertThat(row).contains("storage_check").contains("$argon2id$v=19$");
                assertThat(row).doesNotContain(AppHarness.PASSWORD).doesNotContain(EMAIL)
                        .doesNotContain("1984-07-21");
            }
        }
    }

    @Test
    void emailIndex_isTheVaultsBlindIndexNotTheEmail() throws SQLException {
        byte[] index = rawBytes("SELECT email_index FROM app_users WHERE id = ?");

        assertThat(index).isEqualTo(harness.vault.blindIndex(new Column("app_users", "email"), EMAIL));
        assertThat(indexOf(index, EMAIL.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void shreddedAccount_answersGoneNotPlaintext() {
        harness.signUp("shredded");
        String token = harness.logIn("shredded", AppHarness.PASSWORD);
        long shreddedId = harness.get("/v1/me", token).json().path("id").asLong();

        harness.vault.shred(new SubjectId(shreddedId));
        Reply reply = harness.get("/v1/me", token);

        assertThat(reply.status()).isEqualTo(410);
        assertThat(reply.problem()).isEqualTo("gone");
        assertThat(reply.body()).doesNotContain("shredded@example.org");
    }

    private static byte[] raw(Column column) throws SQLException {
        return rawBytes("SELECT " + column.column() + " FROM " + column.table() + " WHERE id = ?");
    }

    private static byte[] rawBytes(String sql) throws SQLException {
        try (Connection c = harness.dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setLong(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
