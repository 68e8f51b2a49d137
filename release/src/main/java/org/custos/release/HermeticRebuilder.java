package org.custos.release;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.custos.release.build.BuildFailedException;
import org.custos.release.build.BuildOutcome;
import org.custos.release.build.DependencyStore;
import org.custos.release.build.HermeticBuild;
import org.custos.release.build.JarComparison;
import org.custos.release.build.JarDifference;
import org.custos.release.build.LockedDependency;
import org.custos.release.build.Recipe;

/**
 * The project's own hermetic builder ({@link HermeticBuild}) as the gate's {@link Rebuilder}: offline, locked jars
 * only from the {@link DependencyStore}, each checked against its SHA-256; jars compared by {@link JarComparison}.
 */
final class HermeticRebuilder implements Rebuilder {
    static final String BUILDER_ID = "https://custos.dev/release/hermetic-builder";
    static final String BUILD_TYPE = "https://custos.dev/release/hermetic-build/v1";

    private final DependencyStore dependencies;

    HermeticRebuilder(DependencyStore dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public String builderId() {
        return BUILDER_ID;
    }

    @Override
    public String buildType() {
        return BUILD_TYPE;
    }

    @Override
    public Outcome rebuild(Path sourceArchive, Path workDir) throws RebuildFailedException {
        BuildOutcome outcome;
        try {
            outcome = HermeticBuild.rebuild(sourceArchive, dependencies, workDir.resolve("build"));
        } catch (BuildFailedException e) {
            throw new RebuildFailedException(e.reason().code() + ": " + e.getMessage(), e);
        }
        List<LockedDependency> lock = outcome.dependencies();
        return new Outcome(outcome.artifact(), Sha256Digest.parse(outcome.artifactDigest()),
                Sha256Digest.parse(outcome.sourceDigest()), recipe(outcome.recipe()), lock.stream()
                .map(d -> new Dependency(d.coordinates(), "pkg:maven/" + d.groupId() + "/" + d.artifactId()
                        + "@" + d.version(), Sha256Digest.parse(d.digest()))).toList(),
                outcome.runtime(), outcome.startedOn(), outcome.finishedOn());
    }

    @Override
    public Difference compare(Path expected, Path actual) throws IOException {
        JarDifference difference = JarComparison.compare(expected, actual);
        return new Difference(difference.onlyInExpected(), difference.onlyInActual(), difference.differing());
    }

    /** The recipe's keys and values, as its canonical text spells them (the statement's {@code recipe}). */
    static SortedMap<String, String> recipe(Recipe recipe) {
        SortedMap<String, String> out = new TreeMap<>();
        for (String line : recipe.format().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int equals = line.indexOf('=');
                out.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return out;
    }
}
