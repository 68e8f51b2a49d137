package org.custos.recsys.api.wire;

import java.util.List;
import java.util.Objects;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.Lineage;
import org.custos.recsys.api.Protocol;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.recsys.api.Telemetry;

/**
 * One message of the protocol. {@link ToEngine} frames are what the host sends, {@link FromEngine} frames what
 * the algorithm answers; a request and its answer share a {@code request} number the host chose.
 */
public sealed interface Frame {

    /** Frames the host sends. */
    sealed interface ToEngine extends Frame {
    }

    /** Frames the algorithm sends. */
    sealed interface FromEngine extends Frame {
        /** The request this answers; 0 for {@link Ready}. */
        long request();
    }

    /** The first frame: the protocol version the host speaks. */
    record Hello(int version) implements ToEngine {
    }

    /** Facts in order, at most {@value Protocol#MAX_FACTS_PER_FRAME}. */
    record Facts(List<Fact> facts) implements ToEngine {
        public Facts {
            facts = List.copyOf(facts);
            if (facts.isEmpty() || facts.size() > Protocol.MAX_FACTS_PER_FRAME) {
                throw new IllegalArgumentException("a facts frame holds 1.." + Protocol.MAX_FACTS_PER_FRAME
                        + " facts, got " + facts.size());
            }
        }
    }

    record Rank(long request, RankQuery query) implements ToEngine {
        public Rank {
            Objects.requireNonNull(query, "query");
        }
    }

    /** Asks for a snapshot: answered by {@link SnapshotChunk}s, then {@link SnapshotEnd}. */
    record Snapshot(long request) implements ToEngine {
    }

    /** A piece of a snapshot to restore; the last one is followed by {@link RestoreEnd}. */
    record RestoreChunk(long request, byte[] bytes) implements ToEngine {
        public RestoreChunk {
            bytes = Chunks.checked(bytes);
        }
    }

    record RestoreEnd(long request) implements ToEngine {
    }

    /** Answered once every fact sent before it was learnt. */
    record Sync(long request) implements ToEngine {
    }

    record TelemetryRequest(long request) implements ToEngine {
    }

    /** The host is stopping the algorithm; it finishes what is queued and exits. */
    record Bye() implements ToEngine {
    }

    /** The algorithm is ready and speaks {@code version}. */
    record Ready(int version) implements FromEngine {
        @Override
        public long request() {
            return 0;
        }
    }

    record Ranked(long request, List<RankedVideo> videos) implements FromEngine {
        public Ranked {
            videos = List.copyOf(videos);
            if (videos.size() > Protocol.MAX_RANK_COUNT) {
                throw new IllegalArgumentException("an answer holds at most " + Protocol.MAX_RANK_COUNT
                        + " videos, got " + videos.size());
            }
        }
    }

    record SnapshotChunk(long request, byte[] bytes) implements FromEngine {
        public SnapshotChunk {
            bytes = Chunks.checked(bytes);
        }
    }

    record SnapshotEnd(long request, Lineage lineage) implements FromEngine {
        public SnapshotEnd {
            Objects.requireNonNull(lineage, "lineage");
        }
    }

    record Restored(long request, Lineage lineage) implements FromEngine {
        public Restored {
            Objects.requireNonNull(lineage, "lineage");
        }
    }

    /** Every fact sent before the {@link Sync} is learnt; {@code factsLearnt} counts all since the start. */
    record Synced(long request, long factsLearnt) implements FromEngine {
    }

    record TelemetryReport(long request, Telemetry telemetry) implements FromEngine {
        public TelemetryReport {
            Objects.requireNonNull(telemetry, "telemetry");
        }
    }

    /** The request failed inside the algorithm; {@code code} is one of {@link Failed#RANK}, ... */
    record Failed(long request, int code) implements FromEngine {
        public static final int RANK = 1;
        public static final int SNAPSHOT = 2;
        public static final int RESTORE = 3;
        public static final int TELEMETRY = 4;

        public Failed {
            if (code < RANK || code > TELEMETRY) {
                throw new IllegalArgumentException("unknown failure code " + code);
            }
        }
    }

    /** Chunk bounds shared by snapshot and restore chunks. */
    final class Chunks {
        private Chunks() {
        }

        static byte[] checked(byte[] bytes) {
            if (bytes.length == 0 || bytes.length > Protocol.MAX_CHUNK) {
                throw new IllegalArgumentException("a chunk holds 1.." + Protocol.MAX_CHUNK + " bytes, got "
                        + bytes.length);
            }
            return bytes.clone();
        }
    }
}
