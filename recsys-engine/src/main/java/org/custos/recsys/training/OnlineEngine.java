package org.custos.recsys.training;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.custos.recsys.CandidateOrigin;
import org.custos.recsys.Catalog;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.FeedRequest;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.Lineage;
import org.custos.recsys.Recommendation;
import org.custos.recsys.Video;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.candidates.Affinities;
import org.custos.recsys.candidates.CoEngagement;
import org.custos.recsys.candidates.EmbeddingRetrieval;
import org.custos.recsys.candidates.Exposure;
import org.custos.recsys.candidates.Trending;
import org.custos.recsys.candidates.WatchHistory;
import org.custos.recsys.model.FeatureExtractor;
import org.custos.recsys.model.FeatureKey;
import org.custos.recsys.model.ServingModel;
import org.custos.recsys.model.Task;
import org.custos.recsys.model.TrainingModel;
import org.custos.recsys.rerank.PageAssembler;

/**
 * The engine's moving parts in one place, driven synchronously: {@link #learn} is one training step (called
 * by one thread at a time: the trainer, or the evaluation's replay), {@link #recommend} and {@link #score} may
 * run on any number of request threads meanwhile and read only the serving side (published model, retrieval
 * index, trending lists, histories).
 *
 * <p>The life of an event: features are extracted from the catalogue as it is at training time, the training
 * model takes one AdaGrad step, the watch history, exposure counts and trending counts record it; after the
 * batch the changed rows are published to the serving model and the trending lists refreshed. The embedding
 * index is rebuilt separately ({@link #rebuildIndex}) because it costs more than a batch.
 */
public final class OnlineEngine {

    /** Version of the engine's model code, recorded in every snapshot's lineage. */
    public static final String CODE_VERSION = "custos-recsys/mtfm-3";
    /** Long views per member that new long views are paired with, and partners kept per video. */
    private static final int CO_WINDOW = 20;
    private static final int CO_PARTNERS = 500;
    /** Weight of the co-engagement affinity in the page score. */
    private static final double CO_WEIGHT = 2.0;

    private final Catalog catalog;
    private final EngineConfig config;
    private final FeatureExtractor features;
    private final TrainingModel trainer;
    private final ServingModel serving;
    private final EmbeddingRetrieval retrieval = new EmbeddingRetrieval();
    private final Trending trending;
    private final WatchHistory history;
    private final Exposure exposure = new Exposure();
    private final CoEngagement coEngagement = new CoEngagement(CO_WINDOW, CO_PARTNERS);
    private final PageAssembler assembler;
    private final LineageTracker lineage = new LineageTracker();
    private final double[] weights;
    private final long[] viewerBuffer = new long[FeatureExtractor.MAX_KEYS];
    private final long[][] itemBuffers;
    private final int[] itemCounts;
    private final byte[][] itemLabels;
    private final byte[] negativeLabels = {-1, -1, -1, 0};
    private final NegativeSampler negatives;
    private long latestEventMs = Long.MIN_VALUE;

    public OnlineEngine(Catalog catalog, VisibilityFilter visibility, EngineConfig config) {
        this.catalog = catalog;
        this.config = config;
        this.features = new FeatureExtractor(config.zone());
        this.trainer = new TrainingModel(config.model());
        this.serving = new ServingModel(config.model());
        this.trending = new Trending(config.trendingHalfLife(), Math.max(500, config.trendingCandidates()));
        this.history = new WatchHistory(config.historyPerUser());
        this.assembler = new PageAssembler(config.page(), visibility);
        this.weights = config.taskWeights();
        int group = 1 + config.negativesPerPositive();
        this.itemBuffers = new long[group][FeatureExtractor.MAX_KEYS];
        this.itemCounts = new int[group];
        this.itemLabels = new byte[group][];
        this.itemLabels[0] = new byte[Task.COUNT];
        this.negatives = new NegativeSampler(new java.util.SplittableRandom(config.model().seed() * 31 + 7),
                config.popularityWindow());
    }

    /**
     * One training step on events in stream order; returns the mean summed log loss before the step. Each event
     * is one group for the model: the viewer's keys, the shown video and, after a long view, the sampled
     * negatives (see {@link TrainingModel#learn(long[], int, long[][], int[], byte[][], int, long)}).
     */
    public double learn(List<InteractionEvent> events) {
        double loss = 0;
        for (InteractionEvent e : events) {
            long t = e.at().toEpochMilli();
            Video video = catalog.video(e.videoId()).orElse(null);
            int viewerCount = features.viewerKeys(e.userId(), e.at(), e.surface(),
                    catalog.userAttributes(e.userId()), viewerBuffer, 0);
            itemCounts[0] = features.videoKeys(e.userId(), e.videoId(), video, e.at(),
                    trending.popularity(e.videoId()), itemBuffers[0], 0);
            boolean engaged = e.longView() && !e.notInterested();
            byte[] labels = itemLabels[0];
            labels[Task.CLICK.ordinal()] = label(e.validPlay() && !e.notInterested());
            labels[Task.LONG_VIEW.ordinal()] = label(engaged);
            labels[Task.LIKE.ordinal()] = label(e.liked());
            labels[Task.ENGAGE.ordinal()] = engaged ? (byte) 1 : (byte) -1;
            int items = 1;
            if (engaged) {
                for (int k = 0; k < config.negativesPerPositive(); k++) {
                    long other = negatives.sample(e.videoId());
                    if (other >= 0) {
                        itemCounts[items] = features.videoKeys(e.userId(), other, catalog.video(other).orElse(null),
                                e.at(), trending.popularity(other), itemBuffers[items], 0);
                        itemLabels[items] = negativeLabels;
                        items++;
                    }
                }
            }
            loss += trainer.learn(viewerBuffer, viewerCount, itemBuffers, itemCounts, itemLabels, items, t);
            if (engaged) {
                negatives.observe(e.videoId());
                coEngagement.record(e.userId(), e.videoId());
            }
            history.record(e.userId(), e.videoId());
            exposure.record(e.videoId());
            trending.record(e);
            latestEventMs = Math.max(latestEventMs, t);
        }
        lineage.record(events);
        serving.publish(trainer);
        if (!events.isEmpty()) {
            trending.refresh(latestEventMs);
        }
        return events.isEmpty() ? 0 : loss / events.size();
    }

    private static byte label(boolean positive) {
        return positive ? (byte) 1 : (byte) 0;
    }

    /** Drops embedding rows unseen for the configured time, as of the latest event; returns how many. */
    public int expire() {
        if (latestEventMs == Long.MIN_VALUE) {
            return 0;
        }
        int dropped = trainer.expire(latestEventMs);
        serving.publish(trainer);
        return dropped;
    }

    /**
     * Erasure of one member: drops, at once, everything this engine keeps that is keyed by the member, on the
     * training and the serving side (trainer thread, between training steps):
     * <ul>
     *   <li>model rows with their AdaGrad state and admission counts: the member's {@code USER} row, its
     *       {@code AUTHOR} row (as a creator), its {@code USER_X_AUTHOR} rows with every author in {@code authors},
     *       with itself and with the authors of the videos in its watch history, its {@code USER_X_TAG} rows with
     *       every tag in {@code tags} and of those videos, and every member's {@code USER_X_AUTHOR} row with it
     *       as the author (one look-up per member with a history);</li>
     *   <li>its watch history, its recent long views (co-engagement) and its cached attribute keys.</li>
     * </ul>
     * A cross key is a one-way mix of the pair, so a cross row is found only through a catalogue author or tag:
     * a row with an author or tag that no current video carries any more is not found here; it is never touched
     * again (the member's pseudonym does not recur) and expires with the other stale rows.
     *
     * <p>What cannot be forgotten without retraining from scratch: shared parameters the member's events moved
     * (the rows of videos, authors, tags and context values, the pair weights and biases), the per-video counts
     * (exposure, trending, popularity, co-engagement pairs) and the lineage, whose digest chain and counts cover
     * every event learnt. None of them is keyed by the member.
     *
     * @param authors every author the caller's catalogue knows
     * @param tags    every tag the caller's catalogue knows
     * @return how many model rows were dropped
     */
    public int forget(long member, long[] authors, java.util.Collection<String> tags) {
        KeyBatch keys = new KeyBatch();
        keys.add(FeatureKey.of(FeatureKey.Field.USER, member));
        keys.add(FeatureKey.of(FeatureKey.Field.AUTHOR, member));
        keys.add(FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, member, member));
        for (long author : authors) {
            keys.add(FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, member, author));
        }
        for (String tag : tags) {
            keys.add(FeatureKey.cross(FeatureKey.Field.USER_X_TAG, member, FeatureKey.of(FeatureKey.Field.TAG, tag)));
        }
        for (long videoId : history.videos(member)) {
            Video video = catalog.video(videoId).orElse(null);
            if (video != null) {
                keys.add(FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, member, video.authorId()));
                for (String tag : video.tags()) {
                    keys.add(FeatureKey.cross(FeatureKey.Field.USER_X_TAG, member,
                            FeatureKey.of(FeatureKey.Field.TAG, tag)));
                }
            }
        }
        history.forEachMember(viewer -> keys.add(FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, viewer, member)));
        keys.flush();
        history.forget(member);
        coEngagement.forget(member);
        features.forgetViewer(member);
        serving.publish(trainer);
        return keys.dropped;
    }

    /** Keys to forget, handed to the model in fixed-size batches (a forget may compute millions). */
    private final class KeyBatch {
        private final long[] keys = new long[4_096];
        private int size;
        private int dropped;

        void add(long key) {
            keys[size++] = key;
            if (size == keys.length) {
                flush();
            }
        }

        void flush() {
            dropped += trainer.forget(keys, size);
            size = 0;
        }
    }

    /** Drops what the engine caches about a video that left the catalogue (its catalogue facts name its author). */
    public void withdraw(long videoId) {
        features.forgetVideo(videoId);
    }

    /** Rebuilds the nearest-neighbour index from the serving model's video embeddings. */
    public void rebuildIndex() {
        retrieval.rebuild(serving.embeddings(FeatureKey.Field.VIDEO));
    }

    /**
     * Predicts the outcomes of impressions with the serving model (never the labels in the events): for each
     * impression, probabilities per {@link Task}.
     */
    public void score(List<InteractionEvent> impressions, double[][] out) {
        long[][] keys = new long[impressions.size()][FeatureExtractor.MAX_KEYS];
        int[] counts = new int[impressions.size()];
        for (int i = 0; i < impressions.size(); i++) {
            InteractionEvent e = impressions.get(i);
            counts[i] = features.extract(e.userId(), e.videoId(), catalog.video(e.videoId()).orElse(null), e.at(),
                    e.surface(), catalog.userAttributes(e.userId()), trending.popularity(e.videoId()), keys[i]);
        }
        serving.predictAll(keys, counts, out);
    }

    /** A feed page: merged candidates, ranked by the serving model, re-ranked by the page rules. */
    public List<Recommendation> recommend(FeedRequest request) {
        long user = request.viewer().userId().orElse(-1);
        Map<Long, CandidateOrigin> candidates = new LinkedHashMap<>();
        if (user >= 0 && config.embeddingCandidates() > 0) {
            float[] query = serving.query(FeatureKey.of(FeatureKey.Field.USER, user), Task.ENGAGE);
            for (long id : retrieval.nearest(query, config.embeddingCandidates())) {
                candidates.putIfAbsent(id, CandidateOrigin.EMBEDDING);
            }
        }
        if (user >= 0 && config.followedCandidates() > 0) {
            Set<Long> followees = catalog.followees(user);
            if (!followees.isEmpty()) {
                for (Video v : catalog.recentByAuthors(followees, config.followedCandidates())) {
                    candidates.putIfAbsent(v.id(), CandidateOrigin.FOLLOWED);
                }
            }
        }
        Affinities affinity = coEngagement.affinities(user, negatives::count);
        for (long id : affinity.top(config.coEngagedCandidates())) {
            candidates.putIfAbsent(id, CandidateOrigin.CO_ENGAGED);
        }
        for (long id : trending.top(request.region(), config.trendingCandidates())) {
            candidates.putIfAbsent(id, CandidateOrigin.TRENDING);
        }
        if (config.freshCandidates() > 0) {
            Instant since = request.at().minus(config.freshWindow());
            int taken = 0;
            for (Video v : catalog.uploadedSince(since, config.freshCandidates() * 4)) {
                if (taken == config.freshCandidates()) {
                    break;
                }
                if (exposure.impressions(v.id()) < config.freshImpressions()
                        && candidates.putIfAbsent(v.id(), CandidateOrigin.FRESH) == null) {
                    taken++;
                }
            }
        }
        List<Video> videos = new ArrayList<>(candidates.size());
        List<CandidateOrigin> origins = new ArrayList<>(candidates.size());
        for (Map.Entry<Long, CandidateOrigin> candidate : candidates.entrySet()) {
            long id = candidate.getKey();
            Optional<Video> video = catalog.video(id);
            if (video.isPresent() && (user < 0 || !history.seen(user, id))) {
                videos.add(video.get());
                origins.add(candidate.getValue());
            }
        }
        Set<String> attributes = user >= 0 ? catalog.userAttributes(user) : Set.of();
        long[] viewerKeys = new long[FeatureExtractor.MAX_KEYS];
        int viewerCount = features.viewerKeys(user, request.at(), 0, attributes, viewerKeys, 0);
        long[][] keys = new long[videos.size()][FeatureExtractor.MAX_KEYS];
        int[] counts = new int[videos.size()];
        for (int i = 0; i < videos.size(); i++) {
            Video v = videos.get(i);
            counts[i] = features.videoKeys(user, v.id(), v, request.at(), trending.popularity(v.id()), keys[i], 0);
        }
        double[][] p = new double[videos.size()][Task.COUNT];
        serving.predictForViewer(viewerKeys, viewerCount, keys, counts, p);
        List<PageAssembler.Ranked> ranked = new ArrayList<>(videos.size());
        for (int i = 0; i < videos.size(); i++) {
            Video v = videos.get(i);
            double value = weights[0] * p[i][Task.CLICK.ordinal()] + weights[1] * p[i][Task.LONG_VIEW.ordinal()]
                    + weights[2] * p[i][Task.LIKE.ordinal()];
            double engage = Math.min(1 - 1e-9, Math.max(1e-9, p[i][Task.ENGAGE.ordinal()]));
            // log P(v | user) up to a constant: the head's affinity plus log Q(v) (see NegativeSampler)
            double choice = Math.log(engage / (1 - engage)) + Math.log(1 + negatives.count(v.id()))
                    + CO_WEIGHT * Math.log(1 + 10 * affinity.get(v.id()));
            double score = Math.exp(Math.min(50, choice)) * Math.pow(value, config.valueExponent());
            CandidateOrigin origin = origins.get(i);
            if (origin == CandidateOrigin.FRESH) {
                score += config.explorationBonus() / Math.sqrt(1 + exposure.impressions(v.id()));
            }
            ranked.add(new PageAssembler.Ranked(v, score, origin));
        }
        return assembler.assemble(request.viewer(), ranked, request.pageSize(),
                id -> user >= 0 && history.seen(user, id));
    }

    /** Time of the latest event learnt (epoch ms), or {@link Long#MIN_VALUE} before the first. */
    public long latestEventMs() {
        return latestEventMs;
    }

    public Lineage lineage(long position) {
        return lineage.lineage(position, CODE_VERSION);
    }

    public TrainingModel trainingModel() {
        return trainer;
    }

    public ServingModel servingModel() {
        return serving;
    }

    public WatchHistory history() {
        return history;
    }

    public int indexedVideos() {
        return retrieval.size();
    }

    /** Writes everything learnt (model, optimiser state, histories, counts, lineage) for a snapshot. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(latestEventMs);
        lineage.writeTo(out);
        trainer.writeTo(out);
        trending.writeTo(out);
        history.writeTo(out);
        exposure.writeTo(out);
        negatives.writeTo(out);
        coEngagement.writeTo(out);
    }

    /** Restores what {@link #writeTo} wrote, then republishes the model and rebuilds the index. */
    public void readFrom(DataInput in) throws IOException {
        latestEventMs = in.readLong();
        lineage.readFrom(in);
        trainer.readFrom(in);
        trending.readFrom(in);
        history.readFrom(in);
        exposure.readFrom(in);
        negatives.readFrom(in);
        coEngagement.readFrom(in);
        serving.publish(trainer);
        if (latestEventMs != Long.MIN_VALUE) {
            trending.refresh(latestEventMs);
        }
        rebuildIndex();
    }
}
