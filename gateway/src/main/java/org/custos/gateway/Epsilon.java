package org.custos.gateway;

import java.math.BigDecimal;

/**
 * A differential-privacy budget amount in exact micro-units (1 ε = 1,000,000), so that spending and summing never
 * round. Written as a plain decimal with at most six fractional digits ({@code "0.5"}, {@code "10"}).
 */
record Epsilon(long micro) implements Comparable<Epsilon> {
    static final Epsilon ZERO = new Epsilon(0);
    /** The largest amount accepted, so that sums of a recipient's spends cannot overflow. */
    static final long MAX_MICRO = 1_000_000L * 1_000_000L;

    Epsilon {
        if (micro < 0 || micro > MAX_MICRO) {
            throw new IllegalArgumentException("epsilon must be between 0 and 1,000,000, got " + micro + " micro");
        }
    }

    /**
     * Parses a decimal such as {@code "0.25"}.
     *
     * @throws IllegalArgumentException if it is not a non-negative decimal with at most six fractional digits
     */
    static Epsilon parse(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("epsilon must be a decimal number like \"0.5\", got \"" + text + "\"",
                    e);
        }
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 6) {
            throw new IllegalArgumentException("epsilon must be non-negative with at most 6 decimals, got " + text);
        }
        try {
            return new Epsilon(value.movePointRight(6).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("epsilon too large: " + text, e);
        }
    }

    Epsilon plus(Epsilon other) {
        return new Epsilon(micro + other.micro);
    }

    boolean isZero() {
        return micro == 0;
    }

    @Override
    public int compareTo(Epsilon other) {
        return Long.compare(micro, other.micro);
    }

    /** The canonical decimal form: {@code "0"}, {@code "0.5"}, {@code "12.000001"}. */
    @Override
    public String toString() {
        return BigDecimal.valueOf(micro, 6).stripTrailingZeros().toPlainString();
    }
}
