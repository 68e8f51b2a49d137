package org.custos.gateway;

import java.util.random.RandomGenerator;

/**
 * Exact sampling of the discrete Laplace distribution with a rational scale, using integer arithmetic only.
 *
 * <p>{@code DLap(t/s)} puts mass proportional to {@code exp(-|k| * s / t)} on every integer {@code k}. Adding it to
 * an integer query of L1 sensitivity {@code Δ} is {@code ε}-differentially private when {@code t/s = Δ/ε}. The
 * gateway expresses ε in micro-units, so {@code t = Δ * 1,000,000} and {@code s = ε in micro-units}, both exact.
 *
 * <p>Why not {@code Math.log(random)} (the textbook continuous Laplace): floating-point sampling leaks through the
 * low bits of the result (Mironov, "On significance of the least significant bits for differential privacy", CCS
 * 2012), and rounding a continuous sample changes the distribution in ways that are hard to bound. Here every step
 * is a Bernoulli trial on an exact rational probability, decided by comparing uniform integers, so the output
 * distribution is exactly the one stated.
 *
 * <p>Algorithm: Canonne, Kamath, Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020),
 * Algorithm 1 (Bernoulli(exp(-γ)) for rational γ) and Algorithm 2 (discrete Laplace). The expected number of
 * uniform draws per sample is a small constant for every scale.
 *
 * <p>Thread-safe if the {@link RandomGenerator} is ({@link java.security.SecureRandom} is); production passes a
 * {@code SecureRandom}, tests a seeded generator.
 */
final class DiscreteLaplace {
    private final RandomGenerator random;

    DiscreteLaplace(RandomGenerator random) {
        this.random = random;
    }

    /**
     * One sample of {@code DLap(t/s)}.
     *
     * @throws IllegalArgumentException unless {@code t >= 1} and {@code s >= 1}
     */
    long sample(long t, long s) {
        if (t < 1 || s < 1) {
            throw new IllegalArgumentException("scale t/s needs t >= 1 and s >= 1, got " + t + "/" + s);
        }
        while (true) {
            long u = random.nextLong(t);
            if (!bernoulliExp(u, t)) {
                continue;
            }
            long v = 0;
            while (bernoulliExp(1, 1)) {
                v++;
            }
            // x = u + t * v; the exact quotient by s is the magnitude. BigInteger only when it would overflow.
            long magnitude;
            try {
                magnitude = Math.addExact(u, Math.multiplyExact(t, v)) / s;
            } catch (ArithmeticException overflow) {
                magnitude = java.math.BigInteger.valueOf(t).multiply(java.math.BigInteger.valueOf(v))
                        .add(java.math.BigInteger.valueOf(u)).divide(java.math.BigInteger.valueOf(s))
                        .min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
            }
            boolean negative = random.nextBoolean();
            if (negative && magnitude == 0) {
                continue; // otherwise zero would be drawn twice as often as it should
            }
            return negative ? -magnitude : magnitude;
        }
    }

    /** Bernoulli(n/d) for {@code 0 <= n <= d}, {@code d >= 1}: exact, one bounded uniform integer. */
    boolean bernoulli(long n, long d) {
        return random.nextLong(d) < n;
    }

    /** Bernoulli(exp(-n/d)) for {@code n >= 0}, {@code d >= 1} (CKS Algorithm 1). */
    boolean bernoulliExp(long n, long d) {
        long whole = n / d;
        for (long i = 0; i < whole; i++) {
            if (!bernoulliExpAtMostOne(1, 1)) {
                return false;
            }
        }
        return bernoulliExpAtMostOne(n - whole * d, d);
    }

    /** Bernoulli(exp(-n/d)) for {@code 0 <= n <= d}: the parity of the first failure in Bernoulli(γ/k) trials. */
    private boolean bernoulliExpAtMostOne(long n, long d) {
        long k = 1;
        while (true) {
            long denominator;
            try {
                denominator = Math.multiplyExact(d, k);
            } catch (ArithmeticException overflow) {
                return (k & 1) == 1; // probability of reaching here is below 1/k!, far below any float's resolution
            }
            if (!bernoulli(n, denominator)) {
                return (k & 1) == 1;
            }
            k++;
        }
    }
}
