package org.custos.release.tool;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import org.custos.release.ReleaseKeys;
import org.custos.release.ReleaseVerdict;
import org.custos.release.ReleaseVerifier;
import org.custos.release.Sha256Digest;
import org.custos.release.build.BuildFailedException;
import org.custos.release.build.BuildOutcome;
import org.custos.release.build.DependencyStore;
import org.custos.release.build.HermeticBuild;
import org.custos.tlog.note.MalformedNoteException;
import org.custos.tlog.note.VerifierKey;
import org.custos.tlog.verify.LogSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code custos release verify}: the regulator's tool. {@code verify ARTIFACT --log ... --log-key ...
 * --release-key ...} checks from the public log and the custodian's public key alone that the artifact is approved,
 * logged and not revoked; {@code verify --rebuild SOURCE} rebuilds a source archive with the project's own builder
 * and prints the digest. No token, no server.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check from the public log and the release public key alone that ARTIFACT is approved, logged"
                + " and not revoked; or rebuild a source archive (--rebuild) and print its digest.",
                "Exit codes: 0 verified, 1 not approved, revoked or evidence of misbehaviour, 2 could not check."})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ARTIFACT", description = "the bundle jar to check")
    Path artifact;

    @Option(names = "--log", description = "the transparency log: its URL prefix (http(s)://...) or a directory")
    String log;

    @Option(names = "--log-key", description = "the log's verifier key, or a file holding it")
    String logKey;

    @Option(names = "--release-key", description = "the custodian's release public key (PEM file)")
    Path releaseKey;

    @Option(names = "--rebuild", paramLabel = "SOURCE", description = "rebuild this source archive and print the digest")
    Path rebuild;

    @Option(names = "--expect", description = "with --rebuild: the digest the rebuild must have (sha256:...)")
    String expect;

    @Option(names = "--deps", description = "with --rebuild: a flat directory holding the locked jars")
    Path deps;

    @Option(names = "--maven-repo", description = "with --rebuild: a Maven local repository holding the locked jars "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "${sys:user.home}/.m2/repository")
    Path mavenRepository;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (rebuild != null) {
            return rebuild(out, err);
        }
        if (artifact == null || log == null || logKey == null || releaseKey == null) {
            err.println("give ARTIFACT --log URL|DIR --log-key VKEY --release-key PEM, or --rebuild SOURCE");
            err.flush();
            return ToolExit.USAGE;
        }
        VerifierKey key;
        PublicKey release;
        try {
            key = verifierKey(logKey);
            release = ReleaseKeys.parsePem(Files.readString(releaseKey, StandardCharsets.US_ASCII));
        } catch (IOException | MalformedNoteException | IllegalArgumentException e) {
            err.println("COULD NOT CHECK: " + e.getMessage());
            err.flush();
            return ToolExit.USAGE;
        }
        ReleaseVerdict verdict = ReleaseVerifier.verify(artifact, LogSource.of(log), key, release);
        PrintWriter to = verdict.exitCode() == 0 ? out : err;
        String label = switch (verdict.outcome()) {
            case APPROVED -> "VERIFIED";
            case NOT_APPROVED -> "NOT APPROVED";
            case REVOKED -> "REVOKED";
            case INVALID -> "MISBEHAVIOUR";
            case UNVERIFIABLE -> "COULD NOT CHECK";
        };
        to.println(label + ": " + verdict.report().stripTrailing());
        to.flush();
        return verdict.exitCode();
    }

    /**
     * Rebuilds {@code --rebuild SOURCE} offline with the project's hermetic builder and prints the digest; with
     * {@code --expect}, 0 when it matches and 1 when it does not. A source that does not build is 1; a missing
     * locked jar or a file problem is 2 (nothing was checked).
     */
    private int rebuild(PrintWriter out, PrintWriter err) {
        if (expect != null) {
            try {
                Sha256Digest.parse(expect);
            } catch (IllegalArgumentException e) {
                err.println("--expect must be sha256: and 64 lower-case hex digits");
                err.flush();
                return ToolExit.USAGE;
            }
        }
        DependencyStore store = deps != null ? DependencyStore.directory(deps)
                : DependencyStore.mavenLocal(mavenRepository);
        Path work;
        try {
            work = Files.createTempDirectory("custos-rebuild-");
        } catch (IOException e) {
            err.println("COULD NOT CHECK: cannot create a work directory: " + e.getMessage());
            err.flush();
            return ToolExit.USAGE;
        }
        try {
            BuildOutcome outcome = HermeticBuild.rebuild(rebuild, store, work.resolve("build"));
            String line = "rebuilt " + outcome.recipe().jarName() + " " + outcome.artifactDigest() + " from "
                    + rebuild + " (" + outcome.sourceDigest() + ") on JDK " + outcome.runtime()
                    + (outcome.runtimeMatchesRecipe() ? "" : " (the recipe names JDK " + outcome.recipe()
                    .jdkExpected() + ": a different digest may be the JDK's doing)");
            if (expect == null) {
                out.println(line);
                out.flush();
                return ToolExit.OK;
            }
            boolean matches = outcome.artifactDigest().equals(expect);
            PrintWriter to = matches ? out : err;
            to.println((matches ? "MATCHES: " : "DIFFERS: expected " + expect + "; ") + line);
            to.flush();
            return matches ? ToolExit.OK : ToolExit.FAILED;
        } catch (BuildFailedException e) {
            boolean couldNotCheck = switch (e.reason()) {
                case DEPENDENCY_MISSING, IO_FAILED, WORK_DIRECTORY_NOT_EMPTY -> true;
                default -> false;
            };
            err.println((couldNotCheck ? "COULD NOT CHECK: " : "DOES NOT BUILD: ") + e.reason().code() + ": "
                    + e.getMessage());
            err.flush();
            return couldNotCheck ? ToolExit.USAGE : ToolExit.FAILED;
        } finally {
            deleteRecursively(work);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    /** A verifier key given inline or as the path of a file holding it. */
    static VerifierKey verifierKey(String valueOrFile) throws IOException, MalformedNoteException {
        Path path = Path.of(valueOrFile);
        if (!valueOrFile.contains("+") || Files.isRegularFile(path)) {
            return VerifierKey.parse(Files.readString(path, StandardCharsets.UTF_8));
        }
        return VerifierKey.parse(valueOrFile);
    }
}
