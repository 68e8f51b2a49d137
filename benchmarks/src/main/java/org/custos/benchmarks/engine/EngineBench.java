package org.custos.benchmarks.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.ForYouAlgorithm;
import org.custos.release.confine.ConfinementSettings;
import org.custos.release.confine.LaunchSpec;
import org.custos.release.confine.Sandbox;
import org.custos.server.engine.InProcessLauncher;

/**
 * The cost of confining the owner's algorithm, each number next to its in-process baseline measured in the same
 * run: the boundary's own cost per rank call and its fact throughput (with {@link ConstantAlgorithm}, which does
 * almost nothing), the For You engine's learning and ranking in the sandbox, For You at the app at a fixed rate,
 * the time from first start to the first ranking served, and two swaps under load. Prints a Markdown report on
 * standard output and progress on standard error.
 *
 * <p>Run from the repository's root after {@code mvn -B -q install -DskipTests} (see docs/benchmarks/engine.md);
 * arguments are {@code key=value}: {@code facts}, {@code ranks}, {@code forYouFacts}, {@code rate}, {@code seconds},
 * {@code users}, {@code videos}, {@code watches} (per user), {@code parts} (any of boundary, engine, app).
 */
public final class EngineBench {

    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("facts", "1000000", "ranks", "20000",
                "forYouFacts", "300000", "rate", "1000", "seconds", "30", "users", "200", "videos", "300",
                "watches", "50", "parts", "boundary,engine,app"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !options.containsKey(arg.substring(0, eq))) {
                System.err.println("engine bench: unknown argument '" + arg + "'; expected key=value with key one of "
                        + options.keySet());
                System.exit(2);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int facts = Integer.parseInt(options.get("facts"));
        int ranks = Integer.parseInt(options.get("ranks"));
        int forYouFacts = Integer.parseInt(options.get("forYouFacts"));
        List<String> parts = List.of(options.get("parts").split(","));
        Path root = Path.of("").toAbsolutePath();
        PrintStream progress = System.err;
        // The sandbox runs as an unprivileged user: it must be able to reach its state directories in here.
        Path work = Files.createTempDirectory("custos-engine-bench",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        StringBuilder report = new StringBuilder();
        try {
            Bundles.Bundle forYou = Bundles.forYou(root);
            progress.println("engine bench: building the constant algorithm's bundle ...");
            Bundles.Bundle constant = Bundles.constant(root, work.resolve("bundles"));
            report.append(machine(options, "start"));
            ConfinementSettings confined = ConfinementSettings.defaults();
            Sandbox bubblewrap = new Sandbox(confined);
            Sandbox child = new Sandbox(confined.withMode(ConfinementSettings.Mode.UNCONFINED_DEVELOPMENT));
            List<String> jvmFlags = List.of("--add-modules", "jdk.incubator.vector");

            if (parts.contains("boundary")) {
                progress.println("engine bench: the boundary, with the constant algorithm");
                Population population = Population.of(100_000, 5_000, facts, 1);
                List<BoundaryPhases.Result> results = new ArrayList<>();
                results.add(measure(Target.direct(new ConstantAlgorithm()), population, ranks, progress));
                results.add(measure(Target.pipes(new ConstantAlgorithm()), population, ranks, progress));
                results.add(measure(Target.process("plain child process", child, spec(constant, work, "child",
                        List.of())), population, ranks, progress));
                results.add(measure(Target.process("bubblewrap sandbox", bubblewrap, spec(constant, work, "bwrap",
                        List.of())), population, ranks, progress));
                report.append(boundaryTable("The boundary's own cost (constant algorithm, " + String.format("%,d",
                        population.published().size() + population.watched().size()) + " facts, " + String.format(
                        "%,d", ranks) + " rank calls of " + BoundaryPhases.PAGE + ")", results, true));
            }
            if (parts.contains("engine")) {
                progress.println("engine bench: the For You engine, in this JVM and confined");
                Population population = Population.of(20_000, 5_000, forYouFacts, 2);
                List<BoundaryPhases.Result> results = new ArrayList<>();
                results.add(measure(Target.direct(new ForYouAlgorithm(EngineConfig.defaults(1, ZoneOffset.UTC))),
                        population, ranks / 4, progress));
                results.add(measure(Target.process("bubblewrap sandbox (1 CPU, the default)", bubblewrap,
                        spec(forYou, work, "foryou", jvmFlags)), population, ranks / 4, progress));
                // The in-process engine's background index builds run beside its rankings on a second core; in the
                // sandbox they share its CPU quota unless it is raised (confinement.cpus).
                results.add(measure(Target.process("bubblewrap sandbox (2 CPUs)", new Sandbox(confined.withCpus(2)),
                        spec(forYou, work, "foryou2", jvmFlags)), population, ranks / 4, progress));
                report.append(boundaryTable("The For You engine (" + String.format("%,d",
                        population.published().size() + population.watched().size()) + " facts, " + String.format(
                        "%,d", ranks / 4) + " rank calls of " + BoundaryPhases.PAGE + ")", results, false));
            }
            if (parts.contains("app")) {
                progress.println("engine bench: For You at the app");
                ServedPhases served = new ServedPhases(new ServedPhases.Settings(
                        Integer.parseInt(options.get("users")), Integer.parseInt(options.get("videos")),
                        Integer.parseInt(options.get("watches")), Double.parseDouble(options.get("rate")),
                        java.time.Duration.ofSeconds(Long.parseLong(options.get("seconds")))), progress);
                ServedPhases.Result inProcess = served.run("in-process", work.resolve("server-in-process"), forYou,
                        Optional.of(new InProcessLauncher(() -> new ForYouAlgorithm(
                                EngineConfig.defaults(1, ZoneOffset.UTC)))), 1, Optional.empty());
                ServedPhases.Result sandboxed = served.run("confined (1 CPU, the default)",
                        work.resolve("server-confined"), forYou, Optional.empty(), 1, Optional.of(constant));
                ServedPhases.Result twoCpus = served.run("confined (2 CPUs)", work.resolve("server-confined-2"),
                        forYou, Optional.empty(), 2, Optional.empty());
                report.append(servedTables(options, inProcess, List.of(sandboxed, twoCpus)));
            }
            report.append(machine(options, "end"));
            System.out.print(report);
        } finally {
            delete(work);
        }
    }

    private static BoundaryPhases.Result measure(Target target, Population population, int ranks,
                                                 PrintStream progress) throws IOException {
        try (target) {
            return BoundaryPhases.run(target, population, Math.max(100, ranks / 5), ranks, progress);
        }
    }

    private static LaunchSpec spec(Bundles.Bundle bundle, Path work, String name, List<String> jvmFlags)
            throws IOException {
        Path state = Files.createDirectories(work.resolve("state-" + name));
        return LaunchSpec.of(bundle.artifact(), bundle.mainClass(), state, name).withJvmFlags(jvmFlags);
    }

    private static String boundaryTable(String title, List<BoundaryPhases.Result> results, boolean costs) {
        BoundaryPhases.Result base = results.getFirst();
        StringBuilder out = new StringBuilder("\n### ").append(title).append("\n\n");
        out.append("| target | facts/s | × in-process | rank p50 µs | p99 µs | p99.9 µs | max µs |");
        out.append(costs ? " cost p50 µs | cost p99 µs |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
                : " p99 × in-process |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (BoundaryPhases.Result r : results) {
            var s = r.rank();
            out.append(String.format("| %s | %,.0f | %.2f | %.1f | %.1f | %.1f | %.1f |", r.target(),
                    r.factsPerSecond(), r.factsPerSecond() / base.factsPerSecond(), s.p50(), s.p99(), s.p999(),
                    s.max()));
            if (costs) {
                out.append(String.format(" %.1f | %.1f |%n", s.p50() - base.rank().p50(), s.p99() - base.rank().p99()));
            } else {
                out.append(String.format(" %.2f |%n", s.p99() / base.rank().p99()));
            }
            if (s.failures() > 0) {
                out.append(String.format("| (%s: %d empty pages) | | | | | | | |%n", r.target(), s.failures()));
            }
        }
        return out.toString();
    }

    private static String servedTables(Map<String, String> options, ServedPhases.Result base,
                                       List<ServedPhases.Result> others) {
        ServedPhases.Result confined = others.getFirst();
        StringBuilder out = new StringBuilder("\n### For You at the app (")
                .append(options.get("users")).append(" users, ").append(options.get("videos")).append(" videos, ")
                .append(options.get("watches")).append(" watches each; ").append(options.get("rate"))
                .append(" req/s for ").append(options.get("seconds")).append(" s, open loop)\n\n");
        out.append("| algorithm | first start to first ranking ms | catch-up ms | p50 ms | p99 ms | p99.9 ms | max ms"
                + " | failed | popularity answers |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<ServedPhases.Result> all = new ArrayList<>(List.of(base));
        all.addAll(others);
        for (ServedPhases.Result r : all) {
            var s = r.forYou();
            out.append(String.format("| %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %d | %d |%n", r.mode(),
                    r.firstStart().toMillis(), r.caughtUp().toMillis(), s.p50() / 1000, s.p99() / 1000,
                    s.p999() / 1000, s.max() / 1000, s.failures(), r.fallbacks()));
        }
        out.append('\n');
        for (ServedPhases.Result r : others) {
            out.append(String.format("- %s − in-process: p50 %+.2f ms, p99 %+.2f ms (p99 × %.2f)%n", r.mode(),
                    (r.forYou().p50() - base.forYou().p50()) / 1000, (r.forYou().p99() - base.forYou().p99()) / 1000,
                    r.forYou().p99() / base.forYou().p99()));
        }
        if (!confined.swaps().isEmpty()) {
            out.append("\n### Swaps under the same load (confined)\n\n| to | admitted and starting after ms |"
                    + " serving after ms | p99 ms meanwhile | failed | popularity answers |\n"
                    + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
            for (ServedPhases.Swap swap : confined.swaps()) {
                out.append(String.format("| %s | %d | %d | %.2f | %d | %d |%n", swap.to(), swap.admitted().toMillis(),
                        swap.serving().toMillis(), swap.during().p99() / 1000, swap.during().failures(),
                        swap.fallbacks()));
            }
        }
        return out.toString();
    }

    private static String machine(Map<String, String> options, String when) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        StringBuilder out = new StringBuilder();
        if (when.equals("start")) {
            out.append("## Engine benchmark, ").append(Instant.now()).append("\n\n")
                    .append(String.format("- %d processors, %s %s, JDK %s%n", os.getAvailableProcessors(),
                            os.getName(), os.getVersion(), System.getProperty("java.runtime.version")))
                    .append("- arguments: ").append(options).append('\n');
        }
        out.append(String.format("- load average at the %s: %.2f%n", when, os.getSystemLoadAverage()));
        return out.toString();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
