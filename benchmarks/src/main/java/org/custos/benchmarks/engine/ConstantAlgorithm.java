package org.custos.benchmarks.engine;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.custos.recsys.api.Algorithm;
import org.custos.recsys.api.EngineServer;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.Lineage;
import org.custos.recsys.api.Origin;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.recsys.api.Telemetry;

/**
 * An algorithm that does almost nothing, so that what is timed around it is the boundary: it counts the facts it
 * learns, remembers the videos published, and ranks the latest {@code count} of them. It depends on the contract
 * alone: the benchmark builds this very file into a bundle with the hermetic builder, to run it confined, and calls
 * the same class directly for the in-process baseline.
 */
public final class ConstantAlgorithm implements Algorithm {
    private final List<Long> videos = new ArrayList<>();
    private volatile List<RankedVideo> latest = List.of();
    private long learnt;

    public static void main(String[] args) {
        System.exit(EngineServer.serve(new ConstantAlgorithm(), System.in, System.out));
    }

    @Override
    public synchronized void learn(List<Fact> facts) {
        boolean published = false;
        for (Fact fact : facts) {
            if (fact instanceof Fact.VideoPublished v) {
                videos.add(v.video());
                published = true;
            }
        }
        learnt += facts.size();
        if (published) {
            List<RankedVideo> top = new ArrayList<>();
            for (int i = videos.size() - 1; i >= 0 && top.size() < 100; i--) {
                top.add(new RankedVideo(videos.get(i), 1f, Origin.OTHER));
            }
            latest = List.copyOf(top);
        }
    }

    @Override
    public List<RankedVideo> rank(RankQuery query) {
        List<RankedVideo> top = latest;
        return top.subList(0, Math.min(query.count(), top.size()));
    }

    @Override
    public synchronized Lineage writeSnapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeLong(learnt);
        data.flush();
        return new Lineage(0, 0, learnt, 0, "0".repeat(64));
    }

    @Override
    public Lineage restore(InputStream in) {
        return Lineage.EMPTY;
    }

    @Override
    public synchronized Telemetry telemetry() {
        return new Telemetry(learnt, 0, videos.size(), 1);
    }

    @Override
    public void close() {
    }
}
