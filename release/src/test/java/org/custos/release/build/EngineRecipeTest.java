package org.custos.release.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The recipe and lock kept in the repository for the project's own engine bundle. */
class EngineRecipeTest {

    private static final Path PROJECT = Path.of("..");

    @Test
    void recipe_parsesAndUsesTheParentPomsOutputTimestamp() throws Exception {
        Recipe recipe = Recipe.parse(Files.readString(PROJECT.resolve("recsys-bundle/BUILD.properties")));
        Matcher timestamp = Pattern.compile("<project.build.outputTimestamp>([^<]+)</project.build.outputTimestamp>")
                .matcher(Files.readString(PROJECT.resolve("pom.xml")));

        assertThat(timestamp.find()).isTrue();
        assertThat(recipe.outputTimestamp()).isEqualTo(Instant.parse(timestamp.group(1)));
        assertThat(recipe.mainClass()).isEqualTo("org.custos.recsys.EngineMain");
        assertThat(recipe.sourceRoots()).containsExactly("recsys-api/src/main/java", "recsys-engine/src/main/java");
        assertThat(recipe.jarName()).isEqualTo("custos-foryou-engine.jar");
    }

    @Test
    void lock_pinsTheLuceneCoreJarThisBuildResolved() throws Exception {
        List<LockedDependency> lock = LockFile.parse(Files.readString(PROJECT.resolve("recsys-bundle/deps.lock")));

        assertThat(lock).containsExactly(Fixture.locked("org.apache.lucene:lucene-core:10.3.2", Fixture.luceneJar()));
    }
}
