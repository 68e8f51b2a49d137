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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (rebuild != null) {
            err.println("COULD NOT CHECK: this build of custos has no hermetic builder, so it cannot rebuild "
                    + rebuild + (expect == null ? "" : " to compare with " + expect));
            err.flush();
            return ToolExit.USAGE;
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

    /** A verifier key given inline or as the path of a file holding it. */
    static VerifierKey verifierKey(String valueOrFile) throws IOException, MalformedNoteException {
        Path path = Path.of(valueOrFile);
        if (!valueOrFile.contains("+") || Files.isRegularFile(path)) {
            return VerifierKey.parse(Files.readString(path, StandardCharsets.UTF_8));
        }
        return VerifierKey.parse(valueOrFile);
    }
}
