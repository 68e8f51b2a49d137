package org.custos.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DataClassCatalogTest {

    private static Map<Column, DataClass> parse(String text) throws IOException {
        Map<Column, DataClass> classes = new LinkedHashMap<>();
        DataClassCatalog.parse("t.tsv", new BufferedReader(new StringReader(text)), classes);
        return classes;
    }

    @Test
    void parse_commentsBlankLinesAndSeveralTabs_areAccepted() throws IOException {
        assertThat(parse("# header\n\napp_users\t\temail\tPROTECTED\tcontact address\n  \n"))
                .containsExactly(Map.entry(Column.of("app_users.email"), DataClass.PROTECTED));
    }

    @Test
    void parse_missingReason_namesLine() {
        assertThatThrownBy(() -> parse("# x\napp_users\temail\tPROTECTED\n"))
                .isInstanceOf(DataClassDeclarationException.class)
                .hasMessageStartingWith("t.tsv:2:");
    }

    @Test
    void parse_unknownClass_namesLineAndValue() {
        assertThatThrownBy(() -> parse("app_users\temail\tprotected\twhy\n"))
                .isInstanceOf(DataClassDeclarationException.class)
                .hasMessageContaining("t.tsv:1")
                .hasMessageContaining("'protected'");
    }

    @Test
    void parse_badIdentifier_namesLine() {
        assertThatThrownBy(() -> parse("App-Users\temail\tPUBLIC\twhy\n"))
                .isInstanceOf(DataClassDeclarationException.class)
                .hasMessageContaining("t.tsv:1");
    }

    @Test
    void parse_duplicate_namesSecondLine() {
        assertThatThrownBy(() -> parse("a\tb\tPUBLIC\twhy\na\tb\tEXCEPTED\twhy\n"))
                .isInstanceOf(DataClassDeclarationException.class)
                .hasMessageContaining("t.tsv:2")
                .hasMessageContaining("declared twice");
    }

    @Property(tries = 200)
    void parse_writtenDeclarations_readBackExactly(@ForAll("declarations") List<Map.Entry<Column, DataClass>> lines)
            throws IOException {
        Map<Column, DataClass> expected = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder("# generated\n");
        for (Map.Entry<Column, DataClass> line : lines) {
            if (expected.putIfAbsent(line.getKey(), line.getValue()) == null) {
                text.append(line.getKey().table()).append('\t').append(line.getKey().column()).append('\t')
                        .append(line.getValue()).append('\t').append("reason for ").append(line.getKey()).append('\n');
            }
        }
        assertThat(parse(text.toString())).containsExactlyEntriesOf(expected);
    }

    @Provide
    Arbitrary<List<Map.Entry<Column, DataClass>>> declarations() {
        Arbitrary<String> identifier = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_0123456789")
                .ofMinLength(1).ofMaxLength(20).filter(s -> !Character.isDigit(s.charAt(0)));
        Arbitrary<Map.Entry<Column, DataClass>> line = Combinators.combine(
                identifier, identifier, Arbitraries.of(DataClass.class))
                .as((table, column, dataClass) -> Map.entry(new Column(table, column), dataClass));
        return line.list().ofMaxSize(30);
    }
}
