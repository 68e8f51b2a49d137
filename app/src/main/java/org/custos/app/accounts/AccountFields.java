package org.custos.app.accounts;

import java.time.LocalDate;
import java.time.Period;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.custos.app.http.JsonBody;

/**
 * The rules for each account field, applied to a {@link JsonBody} so that every broken rule is reported at once.
 * Each check returns the normalised value, or empty after recording an error that names the rule, never the value.
 */
final class AccountFields {
    // Deliberately simple: one @, no spaces or controls, a dotted domain. Deliverability is not checked here.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");
    private static final Pattern REGION = Pattern.compile("([A-Z]{2})(-[A-Z0-9]{1,3})?");
    private static final Set<String> COUNTRIES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);
    static final int PASSWORD_MIN = 12;
    static final int PASSWORD_MAX = 256;

    private AccountFields() {
    }

    /** The lower-case handle, or empty after recording the rule it breaks. */
    static Optional<String> handle(JsonBody body, String field, Optional<String> raw) {
        return raw.flatMap(value -> {
            if (!Handles.wellFormed(value)) {
                body.reject(field, "must be 3 to 30 letters, digits or underscores");
                return Optional.empty();
            }
            return Optional.of(value.toLowerCase(Locale.ROOT));
        });
    }

    /** True when {@code value} could be a handle; used to route a log-in name without revealing anything. */
    static boolean looksLikeHandle(String value) {
        return Handles.wellFormed(value);
    }

    static Optional<String> displayName(JsonBody body, String field, Optional<String> raw) {
        return raw.flatMap(value -> {
            String trimmed = value.strip();
            int length = trimmed.codePointCount(0, trimmed.length());
            if (length < 1 || length > 50 || trimmed.codePoints().anyMatch(Character::isISOControl)) {
                body.reject(field, "must be 1 to 50 characters without control characters");
                return Optional.empty();
            }
            return Optional.of(trimmed);
        });
    }

    /** The normalised (trimmed, lower-case) email, the form that is sealed and blind-indexed. */
    static Optional<String> email(JsonBody body, String field, Optional<String> raw) {
        return raw.flatMap(value -> {
            Optional<String> normalised = normaliseEmail(value);
            if (normalised.isEmpty()) {
                body.reject(field, "must be an email address of at most 254 characters");
            }
            return normalised;
        });
    }

    static Optional<String> normaliseEmail(String value) {
        String email = value.strip().toLowerCase(Locale.ROOT);
        return email.length() <= 254 && EMAIL.matcher(email).matches() ? Optional.of(email) : Optional.empty();
    }

    /** A password within the length rules; checked on the raw value, since spaces count. */
    static Optional<String> password(JsonBody body, String field, Optional<String> raw) {
        return raw.flatMap(value -> {
            int length = value.codePointCount(0, value.length());
            if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
                body.reject(field, "must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters");
                return Optional.empty();
            }
            return Optional.of(value);
        });
    }

    /** A birth date that is real, not in the future and at least {@code minimumAge} years before {@code today}. */
    static Optional<LocalDate> birthDate(JsonBody body, String field, Optional<String> raw, LocalDate today,
                                         int minimumAge) {
        return body.date(field, raw).flatMap(date -> {
            if (date.isBefore(EARLIEST_BIRTH) || date.isAfter(today)) {
                body.reject(field, "must be a date between 1900-01-01 and today");
                return Optional.empty();
            }
            if (Period.between(date, today).getYears() < minimumAge) {
                body.reject(field, "the user must be at least " + minimumAge + " years old");
                return Optional.empty();
            }
            return Optional.of(date);
        });
    }

    /** An ISO 3166-1 alpha-2 country code, optionally with an ISO 3166-2 subdivision ("FR", "US-CA"). */
    static Optional<String> region(JsonBody body, String field, Optional<String> raw) {
        return raw.flatMap(value -> {
            String region = value.strip().toUpperCase(Locale.ROOT);
            var m = REGION.matcher(region);
            if (!m.matches() || !COUNTRIES.contains(m.group(1))) {
                body.reject(field, "must be an ISO 3166 country code such as FR, or a subdivision such as US-CA");
                return Optional.empty();
            }
            return Optional.of(region);
        });
    }
}
