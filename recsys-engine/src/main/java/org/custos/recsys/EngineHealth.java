package org.custos.recsys;

import java.time.Instant;
import java.util.Optional;

/**
 * The trainer's state, for health checks and freshness monitoring.
 *
 * @param running        the trainer loop is alive
 * @param learntPosition stream position after the last event the serving model includes
 * @param modelVersion   serving model version (one per published batch)
 * @param lastPublished  when (by the engine's clock) the serving model last changed
 * @param lastSnapshot   lineage of the last snapshot written or restored, if any
 * @param failure        why the trainer stopped, if it did
 */
public record EngineHealth(boolean running, long learntPosition, long modelVersion, Instant lastPublished,
                           Optional<Lineage> lastSnapshot, Optional<String> failure) {
}
