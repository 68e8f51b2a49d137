package org.custos.gateway;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One user's activity over the requested days, as the aggregate flow consumes it: PROTECTED values (birth date,
 * region, watch time) that exist only inside the boundary and leave it only as noisy aggregates.
 *
 * @param watchMsByDay milliseconds watched per day (UTC) on which the user watched anything; days without
 *     activity are absent
 */
public record UserActivity(LocalDate birthDate, String region, Map<LocalDate, Long> watchMsByDay) {
    public UserActivity {
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(region, "region");
        watchMsByDay = Collections.unmodifiableSortedMap(new TreeMap<>(watchMsByDay));
        if (watchMsByDay.values().stream().anyMatch(ms -> ms < 0)) {
            throw new IllegalArgumentException("watch time must not be negative");
        }
    }
}
