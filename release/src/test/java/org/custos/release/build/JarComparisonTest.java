package org.custos.release.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarComparisonTest {

    @TempDir
    Path temp;

    @Test
    void compare_oneClassChangedOneAddedOneRemoved_namesEach() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        Path expected = HermeticBuild.rebuild(fixture.archive(temp.resolve("a.zip")), fixture.store(),
                temp.resolve("a")).artifact();
        fixture.source("api/src/main/java/demo/api/Names.java", Fixture.NAMES.replace("\"world\"", "\"moon\""));
        fixture.source("app/src/main/java/demo/Added.java", "package demo;\nfinal class Added {}\n");
        Path actual = HermeticBuild.rebuild(fixture.archive(temp.resolve("b.zip")), fixture.store(),
                temp.resolve("b")).artifact();

        JarDifference difference = JarComparison.compare(expected, actual);

        assertThat(difference.identical()).isFalse();
        assertThat(difference.onlyInExpected()).isEmpty();
        assertThat(difference.onlyInActual()).containsExactly("demo/Added.class");
        assertThat(difference.differing()).containsExactly("demo/api/Names.class");
        assertThat(difference.describe()).isEqualTo("""
                2 entries differ between the expected and the actual jar:
                  only in the actual jar (1):
                    demo/Added.class
                  different bytes or metadata (1):
                    demo/api/Names.class""");
        JarDifference reverse = JarComparison.compare(actual, expected);
        assertThat(reverse.onlyInExpected()).containsExactly("demo/Added.class");
        assertThat(reverse.onlyInActual()).isEmpty();
    }

    @Test
    void compare_sameJar_identical() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        Path jar = HermeticBuild.rebuild(fixture.archive(temp.resolve("a.zip")), fixture.store(),
                temp.resolve("a")).artifact();
        Path copy = Files.copy(jar, temp.resolve("copy.jar"));

        JarDifference difference = JarComparison.compare(jar, copy);

        assertThat(difference.identical()).isTrue();
        assertThat(difference.describe()).isEqualTo("the jars hold the same entries with the same bytes");
    }

    @Test
    void compare_sameBytesOtherTime_differs() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        Path a = HermeticBuild.rebuild(fixture.archive(temp.resolve("a.zip")), fixture.store(), temp.resolve("a"))
                .artifact();
        fixture.recipe(Fixture.recipe("demo.Main", Fixture.TIME.plusSeconds(60)));
        Path b = HermeticBuild.rebuild(fixture.archive(temp.resolve("b.zip")), fixture.store(), temp.resolve("b"))
                .artifact();

        JarDifference difference = JarComparison.compare(a, b);

        // Every entry's time differs, and the recipe recorded in the bundle differs in its bytes too.
        assertThat(difference.differing()).contains("demo/Main.class", "META-INF/custos/BUILD.properties");
        assertThat(difference.onlyInActual()).isEqualTo(List.of());
    }

    @Test
    void describe_longLists_areCut() {
        List<String> many = java.util.stream.IntStream.range(0, 60).mapToObj(i -> "c/C" + i + ".class").toList();
        String text = new JarDifference(many, List.of(), List.of()).describe();

        assertThat(text).startsWith("60 entries differ").contains("... and 10 more").doesNotContain("c/C59.class");
    }
}
