package org.custos.release.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceArchiveTest {

    @TempDir
    Path temp;

    @Test
    void create_sameTreeWrittenInAnotherOrderWithOtherTimes_sameBytes() throws Exception {
        Fixture first = Fixture.greeter(temp.resolve("a"));
        Fixture second = new Fixture(temp.resolve("b"));
        // The same files, created in the opposite order, with other modification times.
        second.source("api/src/main/java/demo/api/Names.java", Fixture.NAMES);
        second.source("app/src/main/java/demo/Main.java", Fixture.MAIN);
        Files.copy(first.recipeFile, second.recipeFile);
        Files.copy(first.lockFile, second.lockFile);
        Files.setLastModifiedTime(second.root.resolve("app/src/main/java/demo/Main.java"),
                FileTime.fromMillis(123_000));

        byte[] one = Files.readAllBytes(first.archive(temp.resolve("one.zip")));
        byte[] two = Files.readAllBytes(second.archive(temp.resolve("two.zip")));

        assertThat(Digests.sha256(two)).isEqualTo(Digests.sha256(one));
    }

    @Test
    void create_holdsRecipeLockAndTheRootsOnly_sortedStoredAtTheRecipesTime() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        fixture.source("app/src/main/java/demo/package.html", "<p>kept: it is under a root</p>\n");
        Path archive = fixture.archive(temp.resolve("src.zip"));

        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            assertThat(entries).extracting(ZipEntry::getName).containsExactly(
                    "BUILD.properties",
                    "api/src/main/java/demo/api/Names.java",
                    "app/src/main/java/demo/Main.java",
                    "app/src/main/java/demo/package.html",
                    "deps.lock");
            for (ZipEntry entry : entries) {
                assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
                assertThat(entry.getExtra()).isNull();
                assertThat(entry.getComment()).isNull();
                assertThat(entry.getTimeLocal()).isEqualTo(LocalDateTime.parse("2026-01-01T00:00:00"));
            }
        }
    }

    @Test
    void read_givesBackTheRecipeLockAndSources() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        SourceArchive.Contents contents = SourceArchive.read(fixture.archive(temp.resolve("src.zip")));

        assertThat(contents.recipe()).isEqualTo(Fixture.recipe("demo.Main", Fixture.TIME));
        assertThat(contents.lock()).isEqualTo(fixture.lock);
        assertThat(contents.recipeBytes()).isEqualTo(Files.readAllBytes(fixture.recipeFile));
        assertThat(contents.sources()).containsOnlyKeys("api/src/main/java/demo/api/Names.java",
                "app/src/main/java/demo/Main.java");
    }

    @Test
    void create_symbolicLinkUnderARoot_refused() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        Files.createSymbolicLink(fixture.root.resolve("app/src/main/java/demo/Link.java"),
                fixture.root.resolve("README.md"));

        assertThatThrownBy(() -> fixture.archive(temp.resolve("src.zip")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Link.java is a symbolic link");
    }

    @Test
    void create_missingRoot_refusedNamingIt() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        fixture.recipe(new Recipe("demo-bundle", "demo.Main", 1, 25, List.of("app/src/main/java", "gone/src"),
                Fixture.OPTIONS, Fixture.TIME, Fixture.RUNTIME));

        assertThatThrownBy(() -> fixture.archive(temp.resolve("src.zip")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("source root gone/src is not a directory");
    }
}
