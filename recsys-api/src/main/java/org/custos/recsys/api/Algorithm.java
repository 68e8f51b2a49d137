package org.custos.recsys.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What the owner implements: a recommendation algorithm that learns from facts and ranks on request.
 * {@link EngineServer} drives it over the protocol; the same object can be driven in-process by tests and
 * benchmarks.
 *
 * <p>Threads: {@link #learn}, {@link #writeSnapshot} and {@link #restore} are called by ONE thread, in the
 * order the host sent them. {@link #rank} and {@link #telemetry} are called from other threads at any time,
 * concurrently with each other and with learning, and MUST NOT wait for learning to finish.
 */
public interface Algorithm extends AutoCloseable {

    /** Learns from facts, in order. A failure here is fatal: the process ends and the host restarts it. */
    void learn(List<Fact> facts);

    /** At most {@code query.count()} distinct videos, best first; empty when nothing fits. */
    List<RankedVideo> rank(RankQuery query);

    /** Writes everything learnt so far (in the algorithm's own format) and returns its lineage. */
    Lineage writeSnapshot(OutputStream out) throws IOException;

    /** Replaces the learnt state with a snapshot {@link #writeSnapshot} wrote; returns its lineage. */
    Lineage restore(InputStream in) throws IOException;

    /** Aggregate measurements. */
    Telemetry telemetry();

    /** Stops background work; nothing is written (the host asks for a snapshot before it stops the engine). */
    @Override
    void close();
}
