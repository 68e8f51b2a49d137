/**
 * The custodian's contract with the owner's recommendation algorithm: the only things that cross into the
 * algorithm's sandbox and come back out.
 *
 * <p>In: {@link org.custos.recsys.api.Fact facts} about members and videos, where every member is a keyed
 * pseudonym of the algorithm's release (never an account id) and every video carries only its public metadata;
 * and {@link org.custos.recsys.api.RankQuery questions} (rank for this pseudonym at this time). Out:
 * {@link org.custos.recsys.api.RankedVideo ranked video ids}, opaque snapshots of the model (which the host seals
 * and stores), their {@link org.custos.recsys.api.Lineage lineage} and aggregate
 * {@link org.custos.recsys.api.Telemetry telemetry}. There are no callbacks: the algorithm keeps its own view of
 * the catalogue, built from the facts.
 *
 * <p>The owner implements {@link org.custos.recsys.api.Algorithm} and serves it with
 * {@link org.custos.recsys.api.EngineServer} over its standard input and output; the custodian's host talks to it
 * through {@link org.custos.recsys.api.EngineClient}. The bytes on the pipes are specified in
 * {@link org.custos.recsys.api.wire.FrameCodec} (protocol version {@value org.custos.recsys.api.Protocol#VERSION}).
 */
package org.custos.recsys.api;
