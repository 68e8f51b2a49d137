package org.custos.app.videos;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Which recommender serves the For You feed, and where it keeps its state.
 *
 * @param engine         {@link Engine#FOR_YOU} (the default) or {@link Engine#POPULARITY}
 * @param stateDirectory where the For You engine writes its snapshots (the server passes {@code <data dir>/recsys})
 * @param seed           seed of the engine's model initialisation and negative sampling
 */
public record RecommenderSettings(Engine engine, Path stateDirectory, long seed) {

    /** The recommender behind For You. */
    public enum Engine {
        /** Recent popularity, no repeats: the simple feed, kept as a fallback. */
        POPULARITY,
        /** The online-learning engine of module {@code recsys}. */
        FOR_YOU;

        /**
         * The engine named {@code popularity} or {@code foryou} (any case), as in the server's
         * {@code recsys.engine} setting.
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Engine parse(String name) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "popularity" -> POPULARITY;
                case "foryou", "for-you" -> FOR_YOU;
                default -> throw new IllegalArgumentException("must be popularity or foryou, got '" + name + "'");
            };
        }
    }

    public RecommenderSettings {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
    }

    /** The For You engine with its state in {@code stateDirectory}. */
    public static RecommenderSettings forYou(Path stateDirectory) {
        return new RecommenderSettings(Engine.FOR_YOU, stateDirectory, 1);
    }

    public RecommenderSettings withEngine(Engine value) {
        return new RecommenderSettings(value, stateDirectory, seed);
    }

    public RecommenderSettings withStateDirectory(Path value) {
        return new RecommenderSettings(engine, value, seed);
    }
}
