package org.custos.tlog.witness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.custos.tlog.note.MalformedNoteException;
import org.custos.tlog.note.NoteSignature;
import org.custos.tlog.note.NoteVerificationException;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.note.VerifierKey;

/**
 * The log's side of tlog-witness add-checkpoint for one witness. It remembers the size the witness last cosigned;
 * on "409 Conflict" it learns the witness's size from the body and retries once with a proof from there.
 * Cosignatures are returned only if they verify under the witness key; any others are ignored.
 */
public final class WitnessClient {

    /** Builds the consistency proof between two sizes of the log. */
    @FunctionalInterface
    public interface ConsistencyProver {
        List<byte[]> prove(long oldSize, long newSize);
    }

    private final URI addCheckpoint;
    private final VerifierKey key;
    private final HttpClient http;
    private final Duration timeout;
    private long witnessSize;

    public WitnessClient(URI submissionPrefix, VerifierKey key, HttpClient http, Duration timeout) {
        String prefix = submissionPrefix.toString();
        this.addCheckpoint = URI.create((prefix.endsWith("/") ? prefix : prefix + "/") + "add-checkpoint");
        this.key = key;
        this.http = http;
        this.timeout = timeout;
    }

    public VerifierKey key() {
        return key;
    }

    /** The witness's cosignature on {@code checkpoint}, or empty if it refused or could not be reached. */
    public synchronized Optional<NoteSignature> cosign(SignedNote checkpoint, long size, ConsistencyProver prover)
            throws InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            long old = Math.min(witnessSize, size);
            StringBuilder body = new StringBuilder("old ").append(old).append('\n');
            if (old > 0 && old < size) {
                for (byte[] hash : prover.prove(old, size)) {
                    body.append(Base64.getEncoder().encodeToString(hash)).append('\n');
                }
            }
            body.append('\n').append(checkpoint.encode());
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(addCheckpoint).timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return Optional.empty();
            }
            if (response.statusCode() == 409 && response.headers().firstValue("Content-Type")
                    .filter(t -> t.startsWith("text/x.tlog.size")).isPresent()) {
                try {
                    witnessSize = Long.parseLong(response.body().strip());
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                continue;
            }
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            Optional<NoteSignature> mine = verified(checkpoint, response.body());
            mine.ifPresent(s -> witnessSize = size);
            return mine;
        }
        return Optional.empty();
    }

    private Optional<NoteSignature> verified(SignedNote checkpoint, String responseBody) {
        try {
            List<NoteSignature> lines = new ArrayList<>();
            for (String line : responseBody.split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(SignedNote.parse(checkpoint.text() + "\n" + line + "\n").signatures().getFirst());
                }
            }
            for (NoteSignature line : lines) {
                if (line.name().equals(key.name()) && line.keyId() == key.keyId()) {
                    new SignedNote(checkpoint.text(), List.of(line)).verify(List.of(key));
                    return Optional.of(line);
                }
            }
        } catch (MalformedNoteException | NoteVerificationException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
