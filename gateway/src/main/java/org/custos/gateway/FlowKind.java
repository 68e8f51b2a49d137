package org.custos.gateway;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.custos.vault.DataClass;

/**
 * The flows the gateway can run, each reading one dataset with a fixed catalogue of fields and their data classes.
 * A declaration picks a kind, names the subset of fields it lets out and how; the kind's code does the rest. Adding
 * a kind is a code change (reviewed and released); adding a flow of an existing kind is a policy change.
 */
enum FlowKind {
    /** Public videos and their authors' public handles, paginated by id. */
    PUBLIC_CONTENT("public-content", "public-videos", fields(
            "video_id", DataClass.PUBLIC, "author_handle", DataClass.PUBLIC, "caption", DataClass.PUBLIC,
            "hashtags", DataClass.PUBLIC, "duration_ms", DataClass.PUBLIC, "media_type", DataClass.PUBLIC,
            "created_at", DataClass.PUBLIC, "views", DataClass.EXCEPTED, "likes", DataClass.EXCEPTED,
            "comments", DataClass.EXCEPTED, "shares", DataClass.EXCEPTED)),
    /** Daily active users and watch time by day, region and age band: noisy, thresholded aggregates. */
    AGGREGATE_METRICS("aggregate-metrics", "activity", fields(
            "day", DataClass.PROTECTED, "region", DataClass.PROTECTED, "age_band", DataClass.PROTECTED,
            "dau", DataClass.PROTECTED, "watch_time_s", DataClass.PROTECTED)),
    /** Named public videos escalated for review: public metadata, counters, likers pseudonymised. */
    TRUST_AND_SAFETY("trust-and-safety", "public-videos", fields(
            "video_id", DataClass.PUBLIC, "author_handle", DataClass.PUBLIC, "caption", DataClass.PUBLIC,
            "hashtags", DataClass.PUBLIC, "duration_ms", DataClass.PUBLIC, "media_type", DataClass.PUBLIC,
            "created_at", DataClass.PUBLIC, "views", DataClass.EXCEPTED, "likes", DataClass.EXCEPTED,
            "comments", DataClass.EXCEPTED, "shares", DataClass.EXCEPTED, "likers", DataClass.PROTECTED)),
    /** The recommender's aggregate training metrics. */
    MODEL_TELEMETRY("model-telemetry", "training-metrics", fields(
            "metric", DataClass.EXCEPTED, "examples", DataClass.EXCEPTED, "value", DataClass.EXCEPTED));

    private final String id;
    private final String dataset;
    private final Map<String, DataClass> fields;

    FlowKind(String id, String dataset, Map<String, DataClass> fields) {
        this.id = id;
        this.dataset = dataset;
        this.fields = fields;
    }

    /** The kind's name in declarations. */
    String id() {
        return id;
    }

    /** The Cedar resource the kind reads ({@code Custos::Dataset::"<dataset>"}). */
    String dataset() {
        return dataset;
    }

    /** Every field the kind can produce, with the data class of what it is made from, in catalogue order. */
    Map<String, DataClass> fields() {
        return fields;
    }

    static Optional<FlowKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    private static Map<String, DataClass> fields(Object... pairs) {
        Map<String, DataClass> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (DataClass) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
