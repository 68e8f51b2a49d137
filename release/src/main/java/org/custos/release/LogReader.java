package org.custos.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.custos.tlog.merkle.MerkleHashing;
import org.custos.tlog.merkle.MerkleProofs;
import org.custos.tlog.merkle.ProofException;
import org.custos.tlog.merkle.ProofVerifier;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.MalformedNoteException;
import org.custos.tlog.note.NoteVerificationException;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.note.VerifierKey;
import org.custos.tlog.tiles.EntryBundle;
import org.custos.tlog.tiles.TileCoordinate;
import org.custos.tlog.tiles.TileLayout;
import org.custos.tlog.tiles.TiledTree;
import org.custos.tlog.verify.LogSource;

/**
 * The transparency log as an outsider reads it: through its public formats only (a {@link LogSource} over HTTP or a
 * directory, and the log's verifier key). The checkpoint's signature is checked, entries come from the entry
 * bundles, and an entry counts as logged only with an RFC 6962 inclusion proof, built from the served tiles, that
 * leads to the signed root. Nothing here trusts the log's own code.
 */
final class LogReader {
    private final LogSource source;
    private final VerifierKey key;

    LogReader(LogSource source, VerifierKey key) {
        this.source = source;
        this.key = key;
    }

    /** The log could not be read, or what it served is not what it signed. */
    static final class LogProblem extends Exception {
        private final RefusalReason reason;

        LogProblem(RefusalReason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        RefusalReason reason() {
            return reason;
        }
    }

    /** A checkpoint whose signature by the log's key verified. */
    record Head(SignedNote note, Checkpoint checkpoint) {
        long size() {
            return checkpoint.size();
        }
    }

    Head head() throws LogProblem {
        byte[] bytes;
        try {
            bytes = source.checkpoint();
        } catch (IOException e) {
            throw new LogProblem(RefusalReason.LOG_UNAVAILABLE, "cannot fetch the log's checkpoint: "
                    + e.getMessage(), e);
        }
        try {
            SignedNote note = SignedNote.parse(bytes);
            Checkpoint checkpoint = Checkpoint.of(note);
            if (!checkpoint.origin().equals(key.name())) {
                throw new LogProblem(RefusalReason.CHECKPOINT_INVALID, "the checkpoint is of log "
                        + checkpoint.origin() + ", not " + key.name(), null);
            }
            note.verify(List.of(key));
            return new Head(note, checkpoint);
        } catch (MalformedNoteException e) {
            throw new LogProblem(RefusalReason.CHECKPOINT_INVALID, "the log's checkpoint is malformed: "
                    + e.getMessage(), e);
        } catch (NoteVerificationException e) {
            throw new LogProblem(RefusalReason.CHECKPOINT_INVALID, "the log's checkpoint is not signed by "
                    + key.name() + ": " + e.getMessage(), e);
        }
    }

    /** The entries of bundle {@code bundle} as they exist at the head's size. */
    List<byte[]> bundle(Head head, long bundle) throws LogProblem {
        int width = TileLayout.width(0, bundle, head.size());
        TileCoordinate coordinate = new TileCoordinate(TileCoordinate.ENTRIES, bundle, width);
        List<byte[]> entries;
        try {
            entries = EntryBundle.decode(source.tile(coordinate));
        } catch (IOException e) {
            throw new LogProblem(RefusalReason.LOG_UNAVAILABLE, "cannot fetch " + coordinate.path() + ": "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new LogProblem(RefusalReason.INCLUSION_PROOF_INVALID, coordinate.path() + " is malformed: "
                    + e.getMessage(), e);
        }
        if (entries.size() != width) {
            throw new LogProblem(RefusalReason.INCLUSION_PROOF_INVALID, coordinate.path() + " holds "
                    + entries.size() + " entries, not " + width, null);
        }
        return entries;
    }

    byte[] entry(Head head, long index) throws LogProblem {
        long bundle = index / TileCoordinate.FULL_WIDTH;
        return bundle(head, bundle).get((int) (index % TileCoordinate.FULL_WIDTH));
    }

    /** A found entry: its index and bytes. */
    record Found(long index, byte[] bytes, LoggedRelease entry) {}

    /**
     * Searches from the end of the log backwards for the newest release entry matching {@code wanted}, looking at
     * indices from {@code head.size() - 1} down to {@code floor} (inclusive), and stopping early at the first entry
     * older than {@code notBefore}. Entries are in outbox order, and their times are the events' own, so they are
     * nearly but not strictly ordered by time; callers pass a {@code notBefore} with margin.
     */
    Optional<Found> searchBackwards(Head head, long floor, Instant notBefore, Predicate<LoggedRelease> wanted)
            throws LogProblem {
        long last = head.size() - 1;
        for (long bundle = last < 0 ? -1 : last / TileCoordinate.FULL_WIDTH; bundle >= 0
                && (bundle + 1) * TileCoordinate.FULL_WIDTH > floor; bundle--) {
            List<byte[]> entries = bundle(head, bundle);
            for (int i = entries.size() - 1; i >= 0; i--) {
                long index = bundle * TileCoordinate.FULL_WIDTH + i;
                if (index < floor) {
                    return Optional.empty();
                }
                byte[] bytes = entries.get(i);
                if (bytes.length >= 10) {
                    Instant time = Instant.ofEpochMilli(java.nio.ByteBuffer.wrap(bytes, 2, 8).getLong());
                    if (time.isBefore(notBefore)) {
                        return Optional.empty();
                    }
                }
                Optional<LoggedRelease> entry = LoggedRelease.decode(bytes);
                if (entry.isPresent() && wanted.test(entry.get())) {
                    return Optional.of(new Found(index, bytes, entry.get()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Checks that {@code entry} is at {@code index} under the head's signed root: an RFC 6962 inclusion proof built
     * from the served tiles must lead from the entry's leaf hash to the root.
     */
    void proveInclusion(Head head, long index, byte[] entry) throws LogProblem {
        try {
            TiledTree tree = new TiledTree(tile -> {
                try {
                    return source.tile(tile);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, head.size());
            List<byte[]> proof = MerkleProofs.inclusionProof(tree, index, head.size());
            ProofVerifier.verifyInclusion(index, head.size(), MerkleHashing.leafHash(entry), proof,
                    head.checkpoint().rootHash());
        } catch (UncheckedIOException e) {
            throw new LogProblem(RefusalReason.LOG_UNAVAILABLE, "cannot fetch a tile: " + e.getCause().getMessage(),
                    e);
        } catch (ProofException e) {
            throw new LogProblem(RefusalReason.INCLUSION_PROOF_INVALID, "entry " + index + " is not included under "
                    + head.checkpoint() + ": " + e.getMessage(), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new LogProblem(RefusalReason.INCLUSION_PROOF_INVALID, "the tiles for entry " + index
                    + " are malformed: " + e.getMessage(), e);
        }
    }
}
