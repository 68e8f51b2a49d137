package org.custos.app.egress;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * One user's protected activity as the gateway's aggregates consume it: birth date, region and milliseconds watched
 * per UTC day. It never names the user.
 */
public record UserDays(LocalDate birthDate, String region, Map<LocalDate, Long> watchMsByDay) {
    public UserDays {
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(region, "region");
        watchMsByDay = Map.copyOf(watchMsByDay);
    }
}
