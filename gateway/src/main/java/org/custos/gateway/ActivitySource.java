package org.custos.gateway;

import java.time.LocalDate;
import java.util.function.Consumer;

/**
 * Users' protected activity for the {@code aggregate-metrics} flow. The implementation reads birth dates, regions
 * and watch events as an audited service of the boundary (principal and purpose of its own); the gateway keeps
 * every value inside the process and lets out only thresholded, noisy aggregates.
 */
public interface ActivitySource {

    /**
     * Hands {@code sink} every user that watched anything between {@code from} and {@code to} (inclusive, UTC days),
     * once each, with their watch time per day in that range.
     *
     * @return how many stored rows were read (users and watch events), for the flow record
     */
    long scan(LocalDate from, LocalDate to, Consumer<UserActivity> sink);
}
