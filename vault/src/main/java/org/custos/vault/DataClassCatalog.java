package org.custos.vault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The data class of every column, declared by each module beside its schema in
 * {@code classpath:db/<module>/data-classes.tsv}:
 *
 * <pre>
 * # table          column      class       why
 * app_accounts     email       PROTECTED   contact address of the user
 * app_accounts     created_at  EXCEPTED    not personal on its own
 * </pre>
 *
 * <p>Fields are separated by one or more tabs; {@code #} starts a comment line; blank lines are ignored; the reason
 * is required, because a classification nobody can explain is not one.
 *
 * <p>{@link #verify(DataSource)} is the start-up gate: every column of every ordinary or partitioned table in
 * schemas {@code public} and {@code vault_keys} (partitions inherit their parent's columns; Flyway history tables are
 * excluded) must be declared, and every declared column must exist.
 */
public final class DataClassCatalog {
    /** Schemas the gate covers: the application data, and the vault's separately backed-up key store. */
    static final List<String> VERIFIED_SCHEMAS = List.of("public", "vault_keys");

    private final Map<Column, DataClass> classes;

    private DataClassCatalog(Map<Column, DataClass> classes) {
        this.classes = Collections.unmodifiableMap(classes);
    }

    /**
     * Reads the declarations of the given modules from the class path.
     *
     * @throws DataClassDeclarationException naming the file and line of a malformed or duplicate declaration, or a
     *     module without a declaration file
     */
    public static DataClassCatalog load(String... modules) {
        Map<Column, DataClass> classes = new LinkedHashMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader()
                : DataClassCatalog.class.getClassLoader();
        for (String module : modules) {
            String resource = "db/" + module + "/data-classes.tsv";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new DataClassDeclarationException(
                            "module " + module + " has no " + resource + " on the class path");
                }
                parse(resource, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), classes);
            } catch (IOException e) {
                throw new DataClassDeclarationException("cannot read " + resource, e);
            }
        }
        return new DataClassCatalog(classes);
    }

    /** Parses one declaration file into {@code into}; {@code source} names it in errors. */
    static void parse(String source, BufferedReader reader, Map<Column, DataClass> into) throws IOException {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\t+", 4);
            String where = source + ":" + number;
            if (fields.length < 4 || fields[3].isBlank()) {
                throw new DataClassDeclarationException(
                        where + ": expected table<TAB>column<TAB>PUBLIC|EXCEPTED|PROTECTED<TAB>why, got '" + line + "'");
            }
            Column column;
            try {
                column = new Column(fields[0].strip(), fields[1].strip());
            } catch (IllegalArgumentException e) {
                throw new DataClassDeclarationException(where + ": " + e.getMessage(), e);
            }
            DataClass dataClass;
            try {
                dataClass = DataClass.valueOf(fields[2].strip());
            } catch (IllegalArgumentException e) {
                throw new DataClassDeclarationException(
                        where + ": unknown data class '" + fields[2].strip() + "' (PUBLIC, EXCEPTED or PROTECTED)", e);
            }
            if (into.putIfAbsent(column, dataClass) != null) {
                throw new DataClassDeclarationException(where + ": " + column + " is declared twice");
            }
        }
    }

    /**
     * Compares the live schema with the declarations.
     *
     * @throws UnclassifiedColumnException naming every undeclared column and every declared column that is missing
     */
    public void verify(DataSource dataSource) {
        Set<Column> live = new TreeSet<>(java.util.Comparator.comparing(Column::toString));
        String sql = """
                SELECT c.relname, a.attname
                  FROM pg_catalog.pg_attribute a
                  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname IN ('public', 'vault_keys')
                   AND c.relkind IN ('r', 'p')
                   AND NOT c.relispartition
                   AND c.relname NOT LIKE 'flyway\\_history\\_%'
                   AND a.attnum > 0 AND NOT a.attisdropped
                """;
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                live.add(new Column(rows.getString(1), rows.getString(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the live schema to check data classes", e);
        }
        List<Column> unclassified = new ArrayList<>();
        for (Column column : live) {
            if (!classes.containsKey(column)) {
                unclassified.add(column);
            }
        }
        List<Column> missing = classes.keySet().stream()
                .filter(column -> !live.contains(column))
                .sorted(java.util.Comparator.comparing(Column::toString))
                .toList();
        if (!unclassified.isEmpty() || !missing.isEmpty()) {
            throw new UnclassifiedColumnException(unclassified, missing);
        }
    }

    /**
     * The declared class of {@code column}.
     *
     * @throws UnclassifiedColumnException if no loaded module declares it
     */
    public DataClass classOf(Column column) {
        DataClass dataClass = classes.get(column);
        if (dataClass == null) {
            throw new UnclassifiedColumnException(List.of(column), List.of());
        }
        return dataClass;
    }

    /** Every declared column with its class, in declaration order. */
    public Map<Column, DataClass> declarations() {
        return classes;
    }
}
