package org.custos.benchmarks.tlog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.storage.FileLogStore;
import org.custos.tlog.tiles.Tile;
import org.custos.tlog.tiles.TreeBuilder;
import org.custos.tlog.verify.LogSource;
import org.custos.tlog.verify.LogVerifier;
import org.custos.tlog.verify.Verdict;

/**
 * A full audit ({@code custos log verify --full}) of a large log read from a directory in the static layout.
 * The log is built first with the integrator's tree builder and a non-durable store (building is not what is
 * measured); then the verifier re-reads every tile and entry bundle, recomputes every hash and compares the root.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.custos.benchmarks.tlog.AuditHarness [--entries 10000000] [--dir D]
 * </pre>
 */
public final class AuditHarness {

    public static void main(String[] args) throws Exception {
        long entries = AppendHarness.intArg(args, "--entries", 10_000_000);
        List<String> list = List.of(args);
        boolean scratch = !list.contains("--dir");
        Path dir = scratch ? Files.createTempDirectory("tlog-audit-bench") : Path.of(list.get(list.indexOf("--dir") + 1));
        NoteSigner signer = NoteSigner.generate("bench.custos.example/audit", new SecureRandom());
        long buildStart = System.nanoTime();
        try (FileLogStore store = new FileLogStore(dir, false)) {
            TreeBuilder tree = new TreeBuilder();
            java.io.IOException[] failure = new java.io.IOException[1];
            for (long i = 0; i < entries; i++) {
                byte[] entry = ("audit-record-" + i + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8);
                tree.append(entry, (Tile tile) -> {
                    try {
                        store.write(tile.coordinate().path(), tile.dataUnsafe());
                    } catch (java.io.IOException e) {
                        failure[0] = e;
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
            }
            for (Tile partial : tree.partialTiles()) {
                store.write(partial.coordinate().path(), partial.dataUnsafe());
            }
            Checkpoint checkpoint = new Checkpoint(signer.name(), tree.size(), tree.rootHash());
            store.write("checkpoint", signer.signNote(checkpoint.body()).bytes());
        }
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        System.out.printf("built %d entries in %.1f s (%.0f entries/s, tiles written without fsync)%n", entries,
                buildSeconds, entries / buildSeconds);
        Path state = Files.createTempDirectory("tlog-audit-state");
        LogVerifier verifier = new LogVerifier(signer.verifierKey(), List.of(), state);
        for (int run = 1; run <= 2; run++) {
            long start = System.nanoTime();
            Verdict verdict = verifier.verify(LogSource.of(dir.toString()), true);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("full audit run %d: %s in %.2f s (%.0f entries/s, %d cores)%n", run,
                    verdict.getClass().getSimpleName(), seconds, entries / seconds,
                    Runtime.getRuntime().availableProcessors());
            if (verdict.exitCode() != 0) {
                System.out.println(verdict.report());
                System.exit(1);
            }
        }
        TempDirs.delete(state);
        if (scratch) {
            TempDirs.delete(dir);
        }
    }

    private AuditHarness() {}
}
