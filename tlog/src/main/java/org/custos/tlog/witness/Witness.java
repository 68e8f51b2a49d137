package org.custos.tlog.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.custos.tlog.merkle.ProofException;
import org.custos.tlog.merkle.ProofVerifier;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.Cosigner;
import org.custos.tlog.note.MalformedNoteException;
import org.custos.tlog.note.NoteVerificationException;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.note.VerifierKey;

/**
 * A tlog-witness: cosigns a log's checkpoint only if it is consistent with the last one it cosigned for that origin.
 * The check of the old size and the saving of the new state happen under one lock, and the state is saved
 * atomically before the cosignature is returned, so a witness never cosigns a rollback.
 */
public final class Witness {

    /** The outcome of an add-checkpoint request, mapped to HTTP by {@link WitnessRoutes}. */
    public sealed interface Outcome {
        record Cosigned(String signatureLines) implements Outcome {}

        record SizeConflict(long latestSize) implements Outcome {}

        record Rejected(int status, String reason) implements Outcome {}
    }

    private final Cosigner cosigner;
    private final Map<String, List<VerifierKey>> logs;
    private final WitnessState state;

    /** @param logs trusted log keys by checkpoint origin */
    public Witness(Cosigner cosigner, Map<String, List<VerifierKey>> logs, Path stateFile) throws IOException {
        this.cosigner = cosigner;
        this.logs = Map.copyOf(logs);
        this.state = WitnessState.load(stateFile);
    }

    public VerifierKey verifierKey() {
        return cosigner.verifierKey();
    }

    public synchronized Outcome addCheckpoint(byte[] requestBody) {
        String body = new String(requestBody, StandardCharsets.UTF_8);
        int split = body.indexOf("\n\n");
        if (!body.startsWith("old ") || split < 0) {
            return new Outcome.Rejected(400, "request is not old size, proof lines, blank line, checkpoint");
        }
        String[] head = body.substring(0, split).split("\n", -1);
        long oldSize;
        List<byte[]> proof = new ArrayList<>();
        SignedNote note;
        Checkpoint checkpoint;
        try {
            if (!head[0].matches("old (0|[1-9][0-9]{0,18})")) {
                return new Outcome.Rejected(400, "bad old size line");
            }
            oldSize = Long.parseLong(head[0].substring(4));
            if (head.length - 1 > 63) {
                return new Outcome.Rejected(400, "more than 63 proof lines");
            }
            for (int i = 1; i < head.length; i++) {
                proof.add(Base64.getDecoder().decode(head[i]));
            }
            note = SignedNote.parse(body.substring(split + 2));
            checkpoint = Checkpoint.of(note);
        } catch (MalformedNoteException | IllegalArgumentException e) {
            return new Outcome.Rejected(400, "malformed request: " + e.getMessage());
        }
        List<VerifierKey> keys = logs.get(checkpoint.origin());
        if (keys == null) {
            return new Outcome.Rejected(404, "unknown log origin");
        }
        try {
            note.verify(keys);
        } catch (NoteVerificationException e) {
            return new Outcome.Rejected(403, "checkpoint is not signed by a trusted key of the log");
        }
        if (oldSize > checkpoint.size()) {
            return new Outcome.Rejected(400, "old size is larger than the checkpoint size");
        }
        WitnessState.Head latest = state.latest(checkpoint.origin());
        if (oldSize != latest.size()) {
            return new Outcome.SizeConflict(latest.size());
        }
        if (oldSize == checkpoint.size()) {
            if (!MessageDigest.isEqual(latest.rootHash(), checkpoint.rootHash())) {
                return new Outcome.Rejected(409, "same size as the cosigned checkpoint but a different root");
            }
        } else if (oldSize == 0) {
            if (!proof.isEmpty()) {
                return new Outcome.Rejected(422, "the proof from size 0 must be empty");
            }
        } else {
            try {
                ProofVerifier.verifyConsistency(oldSize, checkpoint.size(), proof, latest.rootHash(),
                        checkpoint.rootHash());
            } catch (ProofException e) {
                return new Outcome.Rejected(422, "consistency proof does not verify: " + e.getMessage());
            }
        }
        try {
            state.save(checkpoint.origin(), new WitnessState.Head(checkpoint.size(), checkpoint.rootHash()));
        } catch (IOException e) {
            return new Outcome.Rejected(500, "could not persist the witness state");
        }
        return new Outcome.Cosigned(cosigner.cosign(note.text()).line());
    }

}
