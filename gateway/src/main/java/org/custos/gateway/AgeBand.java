package org.custos.gateway;

import java.time.LocalDate;
import java.time.Period;

/** Coarse age bands: the only form in which a birth date contributes to an aggregate. */
final class AgeBand {
    private AgeBand() {
    }

    /** The band of someone born on {@code birthDate}, on {@code day}. */
    static String of(LocalDate birthDate, LocalDate day) {
        int age = Period.between(birthDate, day).getYears();
        if (age < 18) {
            return "under-18";
        } else if (age < 25) {
            return "18-24";
        } else if (age < 35) {
            return "25-34";
        } else if (age < 45) {
            return "35-44";
        } else if (age < 55) {
            return "45-54";
        } else if (age < 65) {
            return "55-64";
        }
        return "65+";
    }
}
