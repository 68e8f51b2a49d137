package org.custos.tlog.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.custos.tlog.merkle.MerkleProofs;
import org.custos.tlog.merkle.ProofException;
import org.custos.tlog.merkle.ProofVerifier;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.MalformedNoteException;
import org.custos.tlog.note.NoteVerificationException;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.note.VerifierKey;
import org.custos.tlog.proof.LogReceipt;
import org.custos.tlog.tiles.TiledTree;

/**
 * What the regulator runs. Checks the served checkpoint's signature and the required cosignatures; proves, from the
 * served tiles, that it extends the last checkpoint this verifier accepted (a monitor); optionally audits every
 * tile and entry bundle ({@link FullAudit}); and checks tlog-proof receipts offline.
 */
public final class LogVerifier {

    private final VerifierKey logKey;
    private final List<VerifierKey> witnesses;
    private final Path stateDirectory;

    public LogVerifier(VerifierKey logKey, List<VerifierKey> witnesses, Path stateDirectory) {
        this.logKey = logKey;
        this.witnesses = List.copyOf(witnesses);
        this.stateDirectory = stateDirectory;
    }

    /** Verifies the log's current checkpoint and, when {@code full}, everything under it. */
    public Verdict verify(LogSource source, boolean full) {
        SignedNote note;
        Checkpoint checkpoint;
        try {
            note = SignedNote.parse(source.checkpoint());
            checkpoint = Checkpoint.of(note);
        } catch (IOException e) {
            return new Verdict.Unverifiable("cannot fetch the checkpoint: " + e.getMessage());
        } catch (MalformedNoteException e) {
            return new Verdict.Unverifiable("the served checkpoint is malformed: " + e.getMessage());
        }
        Optional<Verdict> signatures = checkSignatures(note, checkpoint);
        if (signatures.isPresent()) {
            return signatures.get();
        }
        MonitorState state = new MonitorState(stateDirectory, checkpoint.origin());
        TiledTree tree = new TiledTree(tile -> {
            try {
                return source.tile(tile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, checkpoint.size());
        StringBuilder report = new StringBuilder("checkpoint " + checkpoint + " signed by " + logKey.name());
        witnesses.forEach(w -> report.append(", cosigned by ").append(w.name()));
        report.append('\n');
        try {
            if (!MessageDigest.isEqual(MerkleProofs.rootHash(tree, checkpoint.size()), checkpoint.rootHash())) {
                return new Verdict.Misbehaviour("the served tiles do not hash to the signed root of " + checkpoint
                        + "\n" + note.encode());
            }
            Optional<SignedNote> previous = state.load();
            if (previous.isPresent()) {
                Checkpoint old = Checkpoint.of(previous.get());
                if (old.size() > checkpoint.size()) {
                    return new Verdict.Misbehaviour("rollback: previously verified " + old + ", now served "
                            + checkpoint + "\n--- previous\n" + previous.get().encode() + "--- current\n" + note.encode());
                }
                List<byte[]> proof = MerkleProofs.consistencyProof(tree, old.size(), checkpoint.size());
                try {
                    if (old.size() == 0) {
                        // Every tree extends the empty tree.
                    } else {
                        ProofVerifier.verifyConsistency(old.size(), checkpoint.size(), proof, old.rootHash(),
                                checkpoint.rootHash());
                    }
                } catch (ProofException e) {
                    return new Verdict.Misbehaviour("fork: " + checkpoint + " is not consistent with the previously"
                            + " verified " + old + " (" + e.getMessage() + ")\n--- previous\n" + previous.get().encode()
                            + "--- current\n" + note.encode());
                }
                report.append("consistent with the previously verified ").append(old).append('\n');
            } else {
                report.append("first verification of this log: nothing to compare with yet\n");
            }
            if (full) {
                Optional<String> problem = new FullAudit(source, Runtime.getRuntime().availableProcessors())
                        .audit(checkpoint);
                if (problem.isPresent()) {
                    return new Verdict.Misbehaviour("full audit of " + checkpoint + " failed: " + problem.get());
                }
                report.append("full audit: every entry bundle and tile recomputed, ").append(checkpoint.size())
                        .append(" entries\n");
            }
            state.save(note);
        } catch (UncheckedIOException e) {
            return new Verdict.Unverifiable("cannot fetch a tile: " + e.getCause().getMessage());
        } catch (IOException e) {
            return new Verdict.Unverifiable("cannot read or write the verifier state: " + e.getMessage());
        } catch (MalformedNoteException e) {
            return new Verdict.Unverifiable("the saved verifier state is malformed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict.Unverifiable("interrupted");
        }
        return new Verdict.Verified(report.toString());
    }

    /** Verifies a tlog-proof receipt for {@code entry} offline. */
    public Verdict verifyReceipt(byte[] receipt, byte[] entry) {
        LogReceipt parsed;
        try {
            parsed = LogReceipt.parse(receipt);
        } catch (MalformedNoteException e) {
            return new Verdict.Unverifiable("the receipt is malformed: " + e.getMessage());
        }
        try {
            Checkpoint checkpoint = parsed.verify(entry, logKey, witnesses);
            return new Verdict.Verified("entry " + parsed.index() + " is included in " + checkpoint + "\n");
        } catch (MalformedNoteException e) {
            return new Verdict.Unverifiable("the receipt's checkpoint is malformed: " + e.getMessage());
        } catch (NoteVerificationException | ProofException e) {
            return new Verdict.Misbehaviour("the receipt for entry " + parsed.index() + " does not verify: "
                    + e.getMessage());
        }
    }

    private Optional<Verdict> checkSignatures(SignedNote note, Checkpoint checkpoint) {
        if (!checkpoint.origin().equals(logKey.name())) {
            return Optional.of(new Verdict.Unverifiable("the checkpoint's origin " + checkpoint.origin()
                    + " is not the log " + logKey.name()));
        }
        List<VerifierKey> keys = new ArrayList<>(witnesses);
        keys.add(logKey);
        List<VerifierKey> verified;
        try {
            verified = note.verify(keys);
        } catch (NoteVerificationException e) {
            return Optional.of(new Verdict.Misbehaviour("checkpoint signature check failed: " + e.getMessage()
                    + "\n" + note.encode()));
        }
        for (VerifierKey key : keys) {
            if (!verified.contains(key)) {
                return Optional.of(new Verdict.Misbehaviour("checkpoint " + checkpoint + " lacks a valid signature by "
                        + key.name() + "\n" + note.encode()));
            }
        }
        return Optional.empty();
    }
}
