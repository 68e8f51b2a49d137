package org.custos.benchmarks.recsys;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training throughput of two or more builds of the engine compared in one JVM, round by round. On this VM the
 * throughput of one build moves by up to a third between runs with the host's memory traffic, which hides
 * differences of 10 % between two builds measured one after the other. Here each build is loaded by a class
 * loader of its own (its recsys classes first, then this jar for everything else), and the rounds alternate: a
 * fresh engine of build A learns the whole log, then one of build B, and so on, so both see the same phases of
 * the machine. The report is each build's mean and, for each build after the first, the mean of its per-round
 * ratios to the first (the paired ratio). The build loaded second gains a few percent from the order alone:
 * run twice, swapping the order, and take both ratios.
 *
 * <pre>
 *   taskset -c 1 java --add-modules jdk.incubator.vector -XX:+UseTransparentHugePages -Xmx4g \
 *       -Dkuairand.dir=../shared/data/kuairand-pure -cp benchmarks/target/benchmarks.jar \
 *       org.custos.benchmarks.recsys.PairedTrainingHarness 12 /tmp/before/classes recsys-engine/target/classes
 * </pre>
 *
 * Each build is a directory or jar of compiled engine classes, for example {@code recsys-engine/target/classes} of
 * a {@code git worktree} of another commit after {@code mvn -pl recsys-engine -am compile} (module {@code recsys}
 * in commits before the engine and its evaluation became two modules). The first two rounds are warm-up
 * and left out of the means.
 */
public final class PairedTrainingHarness {

    private static final int WARM_UP_ROUNDS = 2;

    private PairedTrainingHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: PairedTrainingHarness ROUNDS BUILD BUILD... (a build: recsys classes, dir or jar)");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        if (rounds <= WARM_UP_ROUNDS) {
            throw new IllegalArgumentException("ROUNDS must be more than " + WARM_UP_ROUNDS + ", got " + rounds);
        }
        URL self = PairedTrainingHarness.class.getProtectionDomain().getCodeSource().getLocation();
        List<Object> runners = new ArrayList<>();
        List<Method> rounders = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path build = Path.of(args[i]);
            if (!build.toFile().exists()) {
                throw new IllegalArgumentException("no build at " + build);
            }
            ClassLoader loader = new URLClassLoader(new URL[] {build.toUri().toURL(), self},
                    ClassLoader.getPlatformClassLoader());
            Class<?> runner = loader.loadClass(TrainingRound.class.getName());
            runners.add(runner.getConstructor().newInstance());
            rounders.add(runner.getMethod("run"));
        }
        int builds = runners.size();
        double[][] rates = new double[builds][rounds];
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder(String.format("round %2d:", r + 1));
            for (int b = 0; b < builds; b++) {
                rates[b][r] = (double) rounders.get(b).invoke(runners.get(b));
                line.append(String.format(" %,10.0f", rates[b][r]));
            }
            System.out.println(line + "  events per CPU-second");
        }
        for (int b = 0; b < builds; b++) {
            double sum = 0;
            double ratios = 0;
            for (int r = WARM_UP_ROUNDS; r < rounds; r++) {
                sum += rates[b][r];
                ratios += rates[b][r] / rates[0][r];
            }
            int measured = rounds - WARM_UP_ROUNDS;
            System.out.printf("%s: mean %,.0f events per CPU-second; paired ratio to the first %.3f%n", args[b + 1],
                    sum / measured, ratios / measured);
        }
    }
}
