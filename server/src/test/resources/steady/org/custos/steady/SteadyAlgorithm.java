package org.custos.steady;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.custos.recsys.api.Algorithm;
import org.custos.recsys.api.EngineServer;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.Lineage;
import org.custos.recsys.api.Origin;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.recsys.api.Telemetry;

/**
 * A well-behaved test algorithm: ranks the videos it was told about, newest id first, and snapshots them. Its
 * {@code %FLAVOUR%} placeholder only makes two builds differ, so that tests can swap one release for another.
 */
public final class SteadyAlgorithm implements Algorithm {
    static final String FLAVOUR = "%FLAVOUR%";

    private final Set<Long> videos = new ConcurrentSkipListSet<>();
    private volatile long learnt;

    public static void main(String[] args) {
        System.exit(EngineServer.serve(new SteadyAlgorithm(), System.in, System.out));
    }

    @Override
    public void learn(List<Fact> facts) {
        for (Fact fact : facts) {
            switch (fact) {
                case Fact.VideoPublished v -> videos.add(v.video());
                case Fact.VideoWithdrawn v -> videos.remove(v.video());
                default -> {
                }
            }
        }
        learnt += facts.size();
    }

    @Override
    public List<RankedVideo> rank(RankQuery query) {
        return ((ConcurrentSkipListSet<Long>) videos).descendingSet().stream().limit(query.count())
                .map(id -> new RankedVideo(id, 1f, Origin.OTHER)).toList();
    }

    @Override
    public Lineage writeSnapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(FLAVOUR);
        data.writeInt(videos.size());
        for (long id : videos) {
            data.writeLong(id);
        }
        data.flush();
        return new Lineage(0, 0, learnt, 0, "0".repeat(64));
    }

    @Override
    public Lineage restore(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        data.readUTF();
        int n = data.readInt();
        for (int i = 0; i < n; i++) {
            videos.add(data.readLong());
        }
        return Lineage.EMPTY;
    }

    @Override
    public Telemetry telemetry() {
        return new Telemetry(learnt, 0, videos.size(), 1);
    }

    @Override
    public void close() {
    }
}
