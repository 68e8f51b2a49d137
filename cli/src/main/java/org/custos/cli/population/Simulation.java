package org.custos.cli.population;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * A synthetic population driven through the HTTP API in phases: sign-up and log-in, follows, uploads, then watch
 * sessions (feeds, watch batches, likes, comments). Each user's choices come from a {@link Random} seeded by the
 * run's seed and the user's number, so the same seed makes the same requests whatever the thread interleaving.
 * At most {@code parallelism} requests are in flight; each user's work runs on a virtual thread.
 */
final class Simulation {
    /** What to simulate. */
    record Plan(int users, long seed, int videosPerUser, int sessions, int followsPerUser, int parallelism) {
    }

    private final ApiClient api;
    private final Plan plan;
    private final ProgressBar bar;
    private final String prefix;
    private final String[] tokens;
    private final String password;

    Simulation(ApiClient api, Plan plan, ProgressBar bar) {
        this.api = api;
        this.plan = plan;
        this.bar = bar;
        // The seed is in every handle: the same seed re-uses its accounts (sign-up answers 409, log-in works).
        this.prefix = "sim" + Long.toString(Math.floorMod(plan.seed(), 1_000_000_000L), 36) + "_";
        this.tokens = new String[plan.users()];
        this.password = "simulated-" + Long.toHexString(new Random(plan.seed()).nextLong());
    }

    void run() {
        phase("sign-up", this::signUp);
        phase("follow", this::follow);
        phase("upload", this::upload);
        phase("watch", this::watch);
        bar.finish();
    }

    private void phase(String name, IntConsumer perUser) {
        AtomicLong done = new AtomicLong();
        Semaphore inFlight = new Semaphore(plan.parallelism());
        bar.update(name, 0, plan.users());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < plan.users(); i++) {
                int user = i;
                threads.submit(() -> {
                    inFlight.acquireUninterruptibly();
                    try {
                        perUser.accept(user);
                    } finally {
                        inFlight.release();
                        bar.update(name, done.incrementAndGet(), plan.users());
                    }
                });
            }
        }
    }

    private Random random(int user, int phase) {
        return new Random(plan.seed() * 1_000_003L + user * 31L + phase);
    }

    String handle(int user) {
        return prefix + user;
    }

    private void signUp(int user) {
        Random r = random(user, 1);
        Map<String, Object> account = Map.of("handle", handle(user), "displayName", "Simulated " + user,
                "email", handle(user) + "@example.invalid", "password", password,
                "birthDate", (1960 + r.nextInt(45)) + "-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10),
                "region", List.of("FR", "DE", "US", "BR", "IN", "JP", "NG", "GB").get(r.nextInt(8)));
        api.json("sign-up", "POST", "/v1/accounts", account, null);
        api.json("log-in", "POST", "/v1/sessions", Map.of("login", handle(user), "password", password), null)
                .ifPresent(answer -> tokens[user] = answer.path("token").asText(null));
    }

    /** A skewed graph: user k is picked with weight 1/(k+1), so the first few users gather most followers. */
    private void follow(int user) {
        if (tokens[user] == null || plan.users() < 2) {
            return;
        }
        Random r = random(user, 2);
        int wanted = Math.min(plan.users() - 1, 1 + r.nextInt(Math.max(1, 2 * plan.followsPerUser())));
        Set<Integer> chosen = new LinkedHashSet<>();
        for (int tries = 0; chosen.size() < wanted && tries < wanted * 20; tries++) {
            int target = zipf(r, plan.users());
            if (target != user) {
                chosen.add(target);
            }
        }
        for (int target : chosen) {
            api.json("follow", "PUT", "/v1/users/" + handle(target) + "/follow", null, tokens[user]);
        }
    }

    private static int zipf(Random r, int n) {
        // Inverse transform of a continuous 1/x density over [1, n+1): cheap and skewed enough for a graph.
        double x = Math.exp(r.nextDouble() * Math.log(n + 1.0));
        return Math.min(n - 1, (int) x - 1);
    }

    private void upload(int user) {
        if (tokens[user] == null) {
            return;
        }
        Random r = random(user, 3);
        for (int v = 0; v < plan.videosPerUser(); v++) {
            double p = r.nextDouble();
            String visibility = p < 0.8 ? "public" : p < 0.95 ? "followers" : "private";
            api.upload(tokens[user], TinyMp4.of(r, 256 + r.nextInt(2048)), visibility, 1000 + r.nextInt(59_000),
                    "Simulated clip " + v + " by " + handle(user), "sim topic" + r.nextInt(20));
        }
    }

    private void watch(int user) {
        if (tokens[user] == null) {
            return;
        }
        Random r = random(user, 4);
        for (int s = 0; s < plan.sessions(); s++) {
            List<Long> seen = new ArrayList<>();
            api.json("for-you", "GET", "/v1/feeds/for-you?limit=20", null, tokens[user])
                    .ifPresent(page -> ids(page, seen));
            api.json("following", "GET", "/v1/feeds/following", null, tokens[user])
                    .ifPresent(page -> ids(page, seen));
            if (seen.isEmpty()) {
                continue;
            }
            List<Map<String, Object>> events = new ArrayList<>();
            for (long video : seen) {
                Map<String, Object> event = new HashMap<>();
                boolean skipped = r.nextDouble() < 0.4;
                event.put("id", new UUID(r.nextLong(), r.nextLong()).toString());
                event.put("videoId", video);
                event.put("watchedMs", skipped ? r.nextInt(2000) : 2000 + r.nextInt(30_000));
                event.put("completed", !skipped && r.nextDouble() < 0.5);
                event.put("skipped", skipped);
                events.add(event);
                if (!skipped && r.nextDouble() < 0.1) {
                    api.json("like", "PUT", "/v1/videos/" + video + "/like", null, tokens[user]);
                }
                if (!skipped && r.nextDouble() < 0.03) {
                    api.json("comment", "POST", "/v1/videos/" + video + "/comments",
                            Map.of("text", "Nice one #" + r.nextInt(100)), tokens[user]);
                }
            }
            api.json("watch-batch", "POST", "/v1/events/watch", Map.of("events", events), tokens[user]);
        }
    }

    private static void ids(JsonNode page, List<Long> into) {
        for (JsonNode video : page.path("items")) {
            long id = video.path("id").asLong();
            if (id > 0 && !into.contains(id)) {
                into.add(id);
            }
        }
    }
}
