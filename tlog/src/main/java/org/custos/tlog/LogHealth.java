package org.custos.tlog;

import java.util.Optional;

/**
 * A snapshot of the log's state for health checks and metrics.
 *
 * @param healthy false once the sequencer or the integrator stopped on an error
 * @param sequenced entries durably sequenced (the next index to assign)
 * @param published entries covered by the published checkpoint
 * @param pending entries accepted but not yet in a published checkpoint
 * @param problem why the log is unhealthy
 */
public record LogHealth(boolean healthy, long sequenced, long published, long pending, Optional<String> problem) {}
