package org.custos.release.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleToolTest {

    @TempDir
    Path temp;

    private Fixture fixture;
    private Path repository;
    private String classPath;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void repositoryWithTheFixturesJars() throws Exception {
        fixture = Fixture.greeter(temp);
        repository = temp.resolve("m2");
        List<String> entries = new ArrayList<>();
        for (LockedDependency dependency : fixture.lock) {
            Path jar = repository.resolve(dependency.groupId().replace('.', '/')).resolve(dependency.artifactId())
                    .resolve(dependency.version()).resolve(dependency.fileName());
            Files.createDirectories(jar.getParent());
            Files.copy(fixture.deps.resolve(dependency.fileName()), jar);
            entries.add(jar.toString());
        }
        classPath = String.join(File.pathSeparator, entries);
    }

    @Test
    void run_lockMatchesTheClassPath_writesTheBundleAndItsArchive_andARebuildAgrees() throws Exception {
        Path outDirectory = temp.resolve("target");

        assertThat(run("--classpath", classPath, "--out-dir", outDirectory.toString())).isZero();

        Path jar = outDirectory.resolve("demo-bundle.jar");
        Path archive = outDirectory.resolve("demo-bundle-src.zip");
        assertThat(out.toString()).startsWith("bundle-tool: demo-bundle.jar " + Digests.sha256(Files.readAllBytes(jar))
                + " from demo-bundle-src.zip " + Digests.sha256(Files.readAllBytes(archive)));
        BuildOutcome rebuilt = HermeticBuild.rebuild(archive, DependencyStore.directory(fixture.deps),
                temp.resolve("regulator"));
        assertThat(rebuilt.artifactDigest()).isEqualTo(Digests.sha256(Files.readAllBytes(jar)));
        assertThat(Fixture.run(jar, "demo.Main")).isEqualTo("hello, world\nloud\nquiet\n");

        // A second run replaces its own outputs and gives the same bytes.
        byte[] before = Files.readAllBytes(jar);
        assertThat(run("--classpath", classPath, "--out-dir", outDirectory.toString())).isZero();
        assertThat(Files.readAllBytes(jar)).isEqualTo(before);
    }

    @Test
    void main_inAChildJvmWithAnotherTimeZoneLocale_writesTheSameBundle() throws Exception {
        assertThat(run("--classpath", classPath, "--out-dir", temp.resolve("here").toString())).isZero();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Duser.timezone=Pacific/Kiritimati",
                "-Duser.language=tr", "-Duser.country=TR", "-Dfile.encoding=ISO-8859-1",
                "-cp", System.getProperty("java.class.path"), BundleTool.class.getName(),
                "--project-root", fixture.root.toString(), "--recipe", fixture.recipeFile.toString(),
                "--lock", fixture.lockFile.toString(), "--repository", repository.toString(),
                "--classpath", classPath, "--out-dir", temp.resolve("there").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(Files.readAllBytes(temp.resolve("there/demo-bundle.jar")))
                .isEqualTo(Files.readAllBytes(temp.resolve("here/demo-bundle.jar")));
        assertThat(Files.readAllBytes(temp.resolve("there/demo-bundle-src.zip")))
                .isEqualTo(Files.readAllBytes(temp.resolve("here/demo-bundle-src.zip")));
    }

    @Test
    void run_jarMissingFromTheLock_failsSayingWhichLineToAdd() throws Exception {
        List<LockedDependency> full = List.copyOf(fixture.lock);
        LockedDependency voices = fixture.lock.removeLast();
        fixture.writeLock();

        assertThat(run("--classpath", classPath, "--out-dir", temp.resolve("target").toString())).isEqualTo(1);

        assertThat(err.toString()).contains("deps.lock lacks org.example:voices:1.0, which the engine uses; add the"
                + " line: " + voices.lockLine(), "replace the file with this lock:\n" + LockFile.format(full));
        assertThat(temp.resolve("target")).doesNotExist();
    }

    @Test
    void run_lockWithAnExtraOrDifferentJar_failsSayingWhatToChange() throws Exception {
        LockedDependency greeter = fixture.lock.getFirst();
        String stale = "0".repeat(64);
        fixture.lock.set(0, new LockedDependency(greeter.coordinates(), greeter.fileName(), stale));
        fixture.lock.add(new LockedDependency("org.example:unused:2", "unused-2.jar", "1".repeat(64)));
        fixture.writeLock();

        assertThat(run("--classpath", classPath, "--out-dir", temp.resolve("target").toString())).isEqualTo(1);

        assertThat(err.toString())
                .contains("deps.lock pins org.example:greeter:1.0 as greeter-1.0.jar sha256:" + stale
                        + ", but the build resolved greeter-1.0.jar " + greeter.digest()
                        + "; change its line to: " + greeter.lockLine())
                .contains("deps.lock pins org.example:unused:2, which the engine does not use; remove the line:");
    }

    @Test
    void run_recipeTimestampOtherThanTheBuilds_fails() {
        assertThat(run("--output-timestamp", "2026-02-01T00:00:00Z", "--out-dir", temp.resolve("t").toString()))
                .isEqualTo(1);

        assertThat(err.toString()).contains("output.timestamp=2026-01-01T00:00:00Z but the build's"
                + " project.build.outputTimestamp is 2026-02-01T00:00:00Z");
    }

    @Test
    void run_printLock_printsTheLockOfTheClassPath() throws Exception {
        Files.writeString(fixture.lockFile, "");

        assertThat(run("--classpath", classPath, "--print-lock")).isZero();

        assertThat(LockFile.parse(out.toString())).isEqualTo(fixture.lock);
    }

    @Test
    void run_classPathEntryOutsideTheRepository_refused() throws Exception {
        assertThat(run("--classpath", fixture.deps.resolve("greeter-1.0.jar").toString(), "--print-lock"))
                .isEqualTo(1);

        assertThat(err.toString()).contains("is not a jar in the Maven repository");
    }

    private int run(String... arguments) {
        List<String> all = new ArrayList<>(List.of("--project-root", fixture.root.toString(),
                "--recipe", fixture.recipeFile.toString(), "--lock", fixture.lockFile.toString(),
                "--repository", repository.toString()));
        all.addAll(List.of(arguments));
        return BundleTool.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    }
}
