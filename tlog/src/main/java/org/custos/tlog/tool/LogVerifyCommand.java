package org.custos.tlog.tool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.custos.tlog.note.VerifierKey;
import org.custos.tlog.verify.LogSource;
import org.custos.tlog.verify.LogVerifier;
import org.custos.tlog.verify.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code custos log verify}: exit 0 verified, 1 evidence of misbehaviour (printed), 2 could not check.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify a log's checkpoint, its consistency with the last verified one, and optionally every tile",
                "(--full) or a tlog-proof receipt (--receipt with --entry).",
                "Exit codes: 0 verified, 1 evidence of misbehaviour, 2 could not check."})
public final class LogVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", description = "log URL prefix (http(s)://...) or directory in the static layout")
    String url;

    @Option(names = "--vkey", required = true, description = "the log's verifier key, or a file holding it")
    String vkey;

    @Option(names = "--witness", description = "a witness verifier key (or file) whose cosignature is required")
    List<String> witnessKeys = new ArrayList<>();

    @Option(names = "--state", description = "where the last verified checkpoints are kept (default: ${DEFAULT-VALUE})",
            defaultValue = "${sys:user.home}/.custos/log-verify")
    Path state;

    @Option(names = "--full", description = "re-download every tile and entry bundle and recompute every hash")
    boolean full;

    @Option(names = "--receipt", description = "a c2sp.org/tlog-proof file to verify offline")
    Path receipt;

    @Option(names = "--entry", description = "the entry the receipt is for (its exact bytes)")
    Path entry;

    @Override
    public Integer call() {
        Verdict verdict;
        try {
            VerifierKey logKey = KeyFiles.verifierKey(vkey);
            List<VerifierKey> witnesses = new ArrayList<>();
            for (String w : witnessKeys) {
                witnesses.add(KeyFiles.verifierKey(w));
            }
            LogVerifier verifier = new LogVerifier(logKey, witnesses, state);
            if (receipt != null) {
                if (entry == null) {
                    spec.commandLine().getErr().println("--receipt needs --entry");
                    return 2;
                }
                verdict = verifier.verifyReceipt(Files.readAllBytes(receipt), Files.readAllBytes(entry));
            } else if (url == null) {
                spec.commandLine().getErr().println("give --url to verify a log, or --receipt and --entry");
                return 2;
            } else {
                verdict = verifier.verify(LogSource.of(url), full);
            }
        } catch (Exception e) {
            verdict = new Verdict.Unverifiable("cannot check: " + e.getMessage());
        }
        var out = verdict.exitCode() == 0 ? spec.commandLine().getOut() : spec.commandLine().getErr();
        String label = switch (verdict) {
            case Verdict.Verified v -> "VERIFIED";
            case Verdict.Misbehaviour m -> "MISBEHAVIOUR";
            case Verdict.Unverifiable u -> "COULD NOT CHECK";
        };
        out.println(label + ": " + verdict.report().stripTrailing());
        out.flush();
        return verdict.exitCode();
    }
}
