package org.custos.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Statistical checks of the exact discrete Laplace sampler against its closed form. With a = exp(-s/t):
 * P(k) = (1-a)/(1+a) · a^|k|, mean 0, variance 2a/(1-a)². Seeds are fixed so the tests are deterministic; the
 * tolerances are several standard errors wide.
 */
class DiscreteLaplaceTest {
    private static final int N = 200_000;

    private static long[] samples(long t, long s, long seed) {
        DiscreteLaplace noise = new DiscreteLaplace(new SplittableRandom(seed));
        long[] out = new long[N];
        for (int i = 0; i < N; i++) {
            out[i] = noise.sample(t, s);
        }
        return out;
    }

    @Test
    void sample_scaleThree_meanAndVarianceMatchTheClosedForm() {
        long[] x = samples(3, 1, 42);
        double a = Math.exp(-1.0 / 3);
        double variance = 2 * a / ((1 - a) * (1 - a));
        double mean = 0;
        for (long v : x) {
            mean += v;
        }
        mean /= N;
        double var = 0;
        for (long v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= N - 1;
        assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(5 * Math.sqrt(variance / N)));
        assertThat(var / variance).isBetween(0.97, 1.03);
    }

    @Test
    void sample_rationalScale_probabilityMassMatchesChiSquare() {
        long t = 5, s = 2; // scale 2.5
        long[] x = samples(t, s, 7);
        double a = Math.exp(-(double) s / t);
        Map<Long, Integer> counts = new HashMap<>();
        for (long v : x) {
            counts.merge(Math.max(-8, Math.min(8, v)), 1, Integer::sum);
        }
        double chi2 = 0;
        for (long k = -8; k <= 8; k++) {
            double p = (1 - a) / (1 + a) * Math.pow(a, Math.abs(k));
            if (Math.abs(k) == 8) {
                p = Math.pow(a, 8) / (1 + a); // the clamped tail: sum over |j| >= 8 on one side
            }
            double expected = p * N;
            double observed = counts.getOrDefault(k, 0);
            chi2 += (observed - expected) * (observed - expected) / expected;
        }
        // 16 degrees of freedom: the 99.9th percentile is 39.25.
        assertThat(chi2).isLessThan(39.25);
    }

    @Test
    void sample_isSymmetricAroundZero() {
        long[] x = samples(10, 3, 11);
        long positive = 0, negative = 0;
        for (long v : x) {
            if (v > 0) {
                positive++;
            } else if (v < 0) {
                negative++;
            }
        }
        double total = positive + negative;
        assertThat(Math.abs(positive - negative) / Math.sqrt(total)).isLessThan(4); // 4 standard deviations
    }

    @Test
    void sample_largeScale_spreadGrowsLinearly() {
        // scale 7 * 7200 / 0.25 as the aggregate flow uses it: t = 7 * 7200 * 10^6, s = 250_000.
        DiscreteLaplace noise = new DiscreteLaplace(new SplittableRandom(3));
        double scale = 7.0 * 7200 / 0.25;
        double sumAbs = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            sumAbs += Math.abs(noise.sample(7L * 7200 * 1_000_000, 250_000));
        }
        // E|X| ≈ scale for large scales.
        assertThat(sumAbs / n / scale).isBetween(0.95, 1.05);
    }

    @Test
    void bernoulliExp_matchesExpOfMinusGamma() {
        DiscreteLaplace noise = new DiscreteLaplace(new SplittableRandom(5));
        for (long[] gamma : new long[][] {{1, 3}, {5, 2}, {0, 1}}) {
            int hits = 0;
            for (int i = 0; i < N; i++) {
                hits += noise.bernoulliExp(gamma[0], gamma[1]) ? 1 : 0;
            }
            double p = Math.exp(-(double) gamma[0] / gamma[1]);
            assertThat((double) hits / N).isCloseTo(p, org.assertj.core.data.Offset.offset(
                    5 * Math.sqrt(p * (1 - p) / N) + 1e-9));
        }
    }

    @Test
    void sample_nonPositiveScale_isRefused() {
        DiscreteLaplace noise = new DiscreteLaplace(new SplittableRandom(1));
        assertThatThrownBy(() -> noise.sample(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> noise.sample(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
