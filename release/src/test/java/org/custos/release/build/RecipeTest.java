package org.custos.release.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class RecipeTest {

    private static final String TEXT = """
            # how the engine bundle is built
            bundle.name=custos-foryou-engine
            bundle.main-class=org.custos.recsys.EngineMain
            bundle.protocol-version=1
            javac.release=25
            javac.options=-encoding UTF-8 -proc:none -implicit:none --add-modules jdk.incubator.vector -g
            source.roots=recsys-api/src/main/java recsys-engine/src/main/java
            output.timestamp=2026-01-01T00:00:00Z
            jdk.expected=25.0.3+9-LTS
            """;

    @Test
    void parse_theEngineRecipe() throws Exception {
        Recipe recipe = Recipe.parse(TEXT);

        assertThat(recipe).isEqualTo(new Recipe("custos-foryou-engine", "org.custos.recsys.EngineMain", 1, 25,
                List.of("recsys-api/src/main/java", "recsys-engine/src/main/java"),
                List.of("-encoding", "UTF-8", "-proc:none", "-implicit:none", "--add-modules", "jdk.incubator.vector",
                        "-g"), Instant.parse("2026-01-01T00:00:00Z"), "25.0.3+9-LTS"));
        assertThat(recipe.mainClassEntry()).isEqualTo("org/custos/recsys/EngineMain.class");
        assertThat(recipe.jarName()).isEqualTo("custos-foryou-engine.jar");
        assertThat(recipe.sourceArchiveName()).isEqualTo("custos-foryou-engine-src.zip");
        assertThat(Recipe.parse(recipe.format())).isEqualTo(recipe);
    }

    @Test
    void parse_readsTheSameValuesAsJavaProperties() throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(TEXT));
        Recipe recipe = Recipe.parse(TEXT);

        assertThat(properties.getProperty("bundle.main-class")).isEqualTo(recipe.mainClass());
        assertThat(properties.getProperty("javac.options")).isEqualTo(String.join(" ", recipe.javacOptions()));
    }

    @Test
    void parse_refusesWhatWouldBreakHermeticity() {
        assertRefused(TEXT.replace("-proc:none ", ""), "must contain -proc:none");
        assertRefused(TEXT.replace("-g\n", "-g -classpath /tmp\n"), "'-classpath' is not allowed");
        assertRefused(TEXT.replace("-g\n", "-g --release 21\n"), "'--release' is not allowed");
        assertRefused(TEXT.replace("-g\n", "-g @args.txt\n"), "'@args.txt' is not allowed");
        assertRefused(TEXT.replace("-g\n", "-g -encoding\n"), "-encoding needs a value");
    }

    @Test
    void parse_refusesMalformedFiles() {
        assertRefused(TEXT.replace("00:00:00Z", "00:00:01Z"), "whole, even seconds");
        assertRefused(TEXT.replace("2026-01-01T00:00:00Z", "1979-12-31T23:59:58Z"), "whole, even seconds");
        assertRefused(TEXT + "bundle.extra=1\n", "line 10: unknown key 'bundle.extra'");
        assertRefused(TEXT + "bundle.name=again\n", "line 10: bundle.name is set twice");
        assertRefused(TEXT.replace("jdk.expected=25.0.3+9-LTS\n", ""), "jdk.expected is missing");
        assertRefused(TEXT.replace("recsys-engine/src/main/java", "../elsewhere"), "relative path of plain names");
        assertRefused(TEXT.replace("recsys-engine/src/main/java", "recsys-api/src/main/java/org"), "lies inside");
        assertRefused(TEXT.replace("EngineMain", "Engine Main"), "binary name");
        assertRefused(TEXT.replace("custos-foryou-engine", "Custos"), "lower-case");
        assertRefused(TEXT.replace("javac.release=25", "javac.release=twenty"), "whole number");
        assertRefused(TEXT.replace("bundle.name", "bundle\\u002ename"), "backslash escapes");
        assertRefused("just words\n", "line 1: expected key=value");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> Recipe.parse(text))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BuildFailedException.Reason.RECIPE_MALFORMED);
                    assertThat(e.getMessage()).startsWith("BUILD.properties: ").contains(message);
                });
    }
}
