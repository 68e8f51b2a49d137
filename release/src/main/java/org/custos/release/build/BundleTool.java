package org.custos.release.build;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Builds the algorithm bundle during the Maven build: checks the lock against the engine's resolved class path,
 * writes the source archive, then rebuilds the bundle from that archive with {@link HermeticBuild#rebuild}, the
 * very path every later rebuild takes. Writes {@code <bundle>.jar} and {@code <bundle>-src.zip} into
 * {@code --out-dir}. Exit status 0 on success, 1 when the lock or the build fails, 2 on bad arguments.
 */
@Command(name = "bundle-tool", mixinStandardHelpOptions = true,
        description = "Writes the source archive of the algorithm bundle and builds the bundle from it.")
final class BundleTool implements Callable<Integer> {

    @Option(names = "--project-root", required = true, description = "the directory the source roots are under")
    Path projectRoot;

    @Option(names = "--recipe", required = true, description = "BUILD.properties")
    Path recipe;

    @Option(names = "--lock", required = true, description = "deps.lock")
    Path lock;

    @Option(names = "--repository", required = true, description = "the Maven local repository holding the jars")
    Path repository;

    @Option(names = "--classpath", description = "the engine's resolved third-party class path, to check the lock"
            + " against")
    String classPath;

    @Option(names = "--print-lock", description = "print the lock that matches --classpath and stop")
    boolean printLock;

    @Option(names = "--output-timestamp", description = "the Maven build's project.build.outputTimestamp, which"
            + " the recipe's output.timestamp must equal")
    Instant outputTimestamp;

    @Option(names = "--out-dir", description = "where the bundle and its source archive go")
    Path outDirectory;

    private final PrintWriter out;
    private final PrintWriter err;

    BundleTool(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new BundleTool(out, err)).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    err.println("bundle-tool: " + e.getMessage());
                    return 1;
                })
                .execute(args);
    }

    @Override
    public Integer call() throws IOException {
        List<LockedDependency> locked;
        Recipe parsed;
        try {
            locked = LockFile.parse(Text.utf8(Files.readAllBytes(lock)));
            parsed = Recipe.parse(Text.utf8(Files.readAllBytes(recipe)));
        } catch (BuildFailedException e) {
            err.println("bundle-tool: " + e.getMessage());
            return 1;
        }
        if (outputTimestamp != null && !outputTimestamp.equals(parsed.outputTimestamp())) {
            err.println("bundle-tool: " + recipe + " sets output.timestamp=" + parsed.outputTimestamp() + " but the"
                    + " build's project.build.outputTimestamp is " + outputTimestamp + "; set both to the same instant");
            return 1;
        }
        if (classPath != null) {
            List<LockedDependency> resolved = LockCheck.resolve(classPath, repository);
            if (printLock) {
                out.print(LockFile.format(resolved));
                out.flush();
                return 0;
            }
            List<String> problems = LockCheck.problems(locked, resolved);
            if (!problems.isEmpty()) {
                problems.forEach(problem -> err.println("bundle-tool: " + problem));
                err.println("bundle-tool: " + lock + " does not match the engine's dependencies; fix the lines"
                        + " above, or replace the file with this lock:");
                err.print(LockFile.format(resolved));
                err.flush();
                return 1;
            }
        } else if (printLock) {
            err.println("bundle-tool: --print-lock needs --classpath");
            return 2;
        }
        if (outDirectory == null) {
            err.println("bundle-tool: --out-dir is required to build");
            return 2;
        }
        Path archive = SourceArchive.create(projectRoot, recipe, lock, outDirectory.resolve(parsed.sourceArchiveName()));
        Path work = outDirectory.resolve(parsed.bundleName() + "-work");
        deleteTree(work);
        BuildOutcome outcome;
        try {
            outcome = HermeticBuild.rebuild(archive, DependencyStore.mavenLocal(repository), work);
        } catch (BuildFailedException e) {
            err.println("bundle-tool: " + e.getMessage());
            return 1;
        }
        Files.copy(outcome.artifact(), outDirectory.resolve(parsed.jarName()), StandardCopyOption.REPLACE_EXISTING);
        out.println("bundle-tool: " + parsed.jarName() + " " + outcome.artifactDigest() + " from "
                + parsed.sourceArchiveName() + " " + outcome.sourceDigest() + " (" + outcome.dependencies().size()
                + " locked jars, JDK " + outcome.runtime()
                + (outcome.runtimeMatchesRecipe() ? "" : ", recipe expects " + parsed.jdkExpected()) + ", "
                + Duration.between(outcome.startedOn(), outcome.finishedOn()).toMillis() + " ms)");
        return 0;
    }

    /** Removes this tool's own previous work directory (a rebuild needs an empty one). */
    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
