package org.custos.tlog.tool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.custos.tlog.LogSettings;
import org.custos.tlog.PushbackException;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.NoteSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code custos log append}: appends each line of a file as one entry. */
@Command(name = "append", mixinStandardHelpOptions = true,
        description = "Append each line of FILE (without its newline) as one entry; creates the log and key if absent.")
public final class LogAppendCommand implements Callable<Integer> {

    /** Entries per {@code appendAll}: one journal write, and well under the default intake of 65,536. */
    private static final int CHUNK = 4096;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "log directory (C2SP static layout)")
    Path dir;

    @Option(names = "--origin", required = true, description = "checkpoint origin, also the key name")
    String origin;

    @Option(names = "--key", required = true, description = "Ed25519 signing key file (created if absent)")
    Path keyFile;

    @Option(names = "--from", required = true, description = "file whose lines are the entries")
    Path from;

    @Option(names = "--witness", description = "a witness to cosign each checkpoint: <submission URL>,<its verifier key or file>")
    java.util.List<String> witnesses = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<byte[]> entries = lines(Files.readAllBytes(from));
        NoteSigner signer = KeyFiles.loadOrCreate(keyFile, origin, new SecureRandom());
        if (!signer.name().equals(origin)) {
            spec.commandLine().getErr().println("key " + keyFile + " is for " + signer.name() + ", not " + origin);
            return 2;
        }
        LogSettings settings = LogSettings.defaults(dir, signer).withWitnesses(WitnessOption.parse(witnesses));
        try (TransparencyLog log = TransparencyLog.open(settings)) {
            Files.writeString(dir.resolve("vkey"), signer.verifierKey().encode() + "\n", StandardCharsets.UTF_8);
            if (entries.isEmpty()) {
                spec.commandLine().getOut().println("nothing to append; checkpoint size "
                        + Checkpoint.ofUnchecked(log.currentCheckpoint()).size());
                return 0;
            }
            long first = appendWaitingForRoom(log, entries, settings.intakeCapacity());
            long last = first + entries.size() - 1;
            Checkpoint checkpoint = Checkpoint.ofUnchecked(log.awaitCheckpoint(last, Duration.ofMinutes(5)));
            spec.commandLine().getOut().println("appended " + entries.size() + " entries at indices " + first + ".."
                    + last + "; checkpoint size " + checkpoint.size());
            return 0;
        }
    }

    /**
     * Appends in chunks and returns the first index. The log takes at most {@code intakeCapacity} entries that no
     * checkpoint covers yet and pushes back beyond that; a file of more lines than that is the normal case, so the
     * command waits for the next checkpoint and retries rather than failing.
     */
    private long appendWaitingForRoom(TransparencyLog log, List<byte[]> entries, int intakeCapacity)
            throws InterruptedException {
        int chunk = Math.min(CHUNK, intakeCapacity);
        // One chunk is quick; beyond that the run takes long enough to be worth showing.
        AppendProgress progress = entries.size() > chunk
                ? new AppendProgress(spec.commandLine().getErr(), System.console() != null, entries.size())
                : null;
        long first = -1;
        int at = 0;
        while (at < entries.size()) {
            List<byte[]> next = entries.subList(at, Math.min(entries.size(), at + chunk));
            try {
                long index = log.appendAll(next);
                first = first < 0 ? index : first;
                at += next.size();
                if (progress != null) {
                    progress.update(at);
                }
            } catch (PushbackException full) {
                if (progress != null) {
                    progress.waiting();
                }
                awaitRoom(log, first < 0 ? -1 : first + at - 1, full.retryAfter());
            }
        }
        if (progress != null) {
            progress.finish();
        }
        return first;
    }

    /**
     * Waits, at most the log's retry advice, for a checkpoint to cover our last appended entry: publishing frees
     * the intake. When one covers it already, the intake is held by entries from elsewhere or is freed a moment
     * after publication, and a short pause before the retry is enough.
     */
    private static void awaitRoom(TransparencyLog log, long lastAppended, Duration retryAfter)
            throws InterruptedException {
        if (lastAppended >= 0 && log.health().published() <= lastAppended) {
            try {
                log.awaitCheckpoint(lastAppended, retryAfter);
            } catch (TimeoutException slow) {
                // No checkpoint yet: retry anyway, the pushback says when to look again.
            }
        } else {
            Thread.sleep(Math.min(retryAfter.toMillis(), 20));
        }
    }

    /** Splits on '\n'; a final line without a newline is an entry too, an empty trailing piece is not. */
    static List<byte[]> lines(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                out.add(java.util.Arrays.copyOfRange(data, start, i));
                start = i + 1;
            }
        }
        if (start < data.length) {
            out.add(java.util.Arrays.copyOfRange(data, start, data.length));
        }
        return out;
    }
}
