package org.custos.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custos.app.AppSettings;
import org.custos.app.accounts.RateLimit;
import org.custos.release.ReleaseSettings;
import org.custos.release.confine.ConfinementSettings;
import org.custos.server.engine.EngineSettings;
import org.custos.lockbox.LockboxSettings;
import org.custos.server.audit.AuditLogSettings;

/**
 * Reads {@link ServerConfig} once, from (lowest to highest priority) defaults, a properties file,
 * {@code CUSTOS_*} environment variables and command-line overrides. Every value is validated here, and a
 * bad one fails with a {@link ConfigException} naming its key; unknown keys in the file are rejected so
 * that a typo does not silently fall back to a default.
 */
public final class ConfigReader {

    /** The file read when no {@code --config} is given and it exists in the working directory. */
    public static final Path DEFAULT_FILE = Path.of("custos.properties");

    static final Set<String> KEYS = Set.of(
            "host", "port", "data.dir",
            "db.url", "db.user", "db.password", "db.password.file", "db.pool.size",
            "keys.service", "keys.dir", "master.secret", "master.secret.file",
            "keys.pkcs11.config", "keys.pkcs11.pin", "keys.pkcs11.pin.file", "keys.pkcs11.label",
            "shutdown.grace", "login.limit.per.account", "login.limit.per.address",
            "media.dir", "media.max.bytes", "recsys.engine",
            "log.dir", "log.key.file", "log.origin", "audit.relay.interval", "audit.service.window",
            "audit.accept.restored.log",
            "lockbox.approvals", "lockbox.max.duration", "lockbox.webhook.url", "lockbox.webhook.timeout",
            "lockbox.webhook.retry", "lockbox.webhook.retry.max", "lockbox.poll.interval", "lockbox.pending.max.age",
            "lockbox.webhook.secret", "lockbox.webhook.secret.file",
            "release.reviews", "release.admission.wait", "release.dependencies", "release.signing",
            "release.signing.pkcs11.config", "release.signing.pkcs11.pin", "release.signing.pkcs11.pin.file",
            "release.signing.pkcs11.label",
            "engine.confinement", "engine.memory.mb", "engine.heap.mb", "engine.cpus", "engine.tasks",
            "engine.rank.deadline", "engine.snapshot.interval", "engine.erasure.snapshot.delay",
            "engine.bundle", "engine.bundle.source", "engine.pseudonym.epoch");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");
    private static final Pattern RATE = Pattern.compile("(\\d{1,9})/(.+)");

    private ConfigReader() {}

    /** The environment variable for a key: {@code data.dir} is {@code CUSTOS_DATA_DIR}. */
    public static String envName(String key) {
        return "CUSTOS_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * Reads the configuration.
     *
     * @param file an explicit config file ({@code --config}); when empty, {@code CUSTOS_CONFIG} or
     *     {@link #DEFAULT_FILE} is read if present
     * @param env the process environment (injected so that tests control it)
     * @param overrides command-line values by key, which win over everything else
     */
    public static ServerConfig read(Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        Optional<Path> configFile = file.or(() -> Optional.ofNullable(env.get("CUSTOS_CONFIG")).map(Path::of));
        if (configFile.isPresent()) {
            values.putAll(readFile(configFile.get()));
        } else if (Files.isRegularFile(DEFAULT_FILE)) {
            values.putAll(readFile(DEFAULT_FILE));
        }
        for (String key : KEYS) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        overrides.forEach((key, value) -> {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown configuration key " + key);
            }
            values.put(key, value);
        });
        return build(values);
    }

    private static Map<String, String> readFile(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config", "cannot read config file " + path + ": " + e.getMessage(), e);
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown.iterator().next(),
                    "unknown key in " + path + " (known keys: " + new TreeSet<>(KEYS) + ")");
        }
        Map<String, String> values = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key, properties.getProperty(key).strip());
        }
        return values;
    }

    private static ServerConfig build(Map<String, String> v) {
        String host = v.getOrDefault("host", "127.0.0.1");
        if (host.isBlank()) {
            throw new ConfigException("host", "must not be blank");
        }
        int port = integer(v, "port", 8080);
        Path dataDir = path(v, "data.dir", "./var");
        int poolSize = integer(v, "db.pool.size", DatabaseSettings.DEFAULT_POOL_SIZE);
        DatabaseSettings database = v.containsKey("db.url")
                ? new DatabaseSettings.External(
                        v.get("db.url"),
                        v.getOrDefault("db.user", "custos"),
                        secret(v, "db.password"),
                        poolSize)
                : new DatabaseSettings.Embedded(poolSize);
        String service = v.getOrDefault("keys.service", "local").toLowerCase(Locale.ROOT);
        KeySettings keys = switch (service) {
            case "local" -> new KeySettings.Local(
                    path(v, "keys.dir", "keys"),
                    secret(v, "master.secret"));
            case "pkcs11" -> new KeySettings.Pkcs11(
                    requiredPath(v, "keys.pkcs11.config"),
                    secret(v, "keys.pkcs11.pin"),
                    v.getOrDefault("keys.pkcs11.label", "custos-kek"));
            default -> throw new ConfigException("keys.service", "must be local or pkcs11, got '" + service + "'");
        };
        if (keys instanceof KeySettings.Pkcs11 p && p.pin() instanceof SecretSource.None) {
            throw new ConfigException("keys.pkcs11.pin", "is required when keys.service=pkcs11");
        }
        Duration grace = duration(v, "shutdown.grace", Duration.ofSeconds(10));
        AppSettings defaults = AppSettings.defaults();
        AppSettings app = defaults.withLoginLimits(
                rate(v, "login.limit.per.account", defaults.loginPerAccount()),
                rate(v, "login.limit.per.address", defaults.loginPerAddress()))
                .withMedia(path(v, "media.dir", ServerConfig.DEFAULT_MEDIA_DIR.toString()),
                        positiveLong(v, "media.max.bytes", defaults.maxMediaBytes()));
        Path absoluteData = dataDir.toAbsolutePath().normalize();
        return new ServerConfig(host, port, dataDir, database, keys, grace, app, auditLog(v), lockbox(v),
                release(v, absoluteData), engine(v, absoluteData), confinement(v),
                path(v, "release.dependencies", ServerConfig.defaultDependencies().toString()), releaseKey(v),
                secret(v, "lockbox.webhook.secret"));
    }

    private static ReleaseSettings release(Map<String, String> v, Path dataDir) {
        ReleaseSettings s = ReleaseSettings.defaults(dataDir.resolve("releases"));
        try {
            s = s.withRequiredReviews(integer(v, "release.reviews", s.requiredReviews()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("release.reviews", String.valueOf(e.getMessage()), e);
        }
        try {
            return s.withAdmissionWait(duration(v, "release.admission.wait", s.admissionWait()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("release.admission.wait", String.valueOf(e.getMessage()), e);
        }
    }

    private static ReleaseKeySettings releaseKey(Map<String, String> v) {
        String where = v.getOrDefault("release.signing", "local").strip().toLowerCase(Locale.ROOT);
        return switch (where) {
            case "local" -> new ReleaseKeySettings.LocalFile();
            case "pkcs11" -> {
                SecretSource pin = secret(v, "release.signing.pkcs11.pin");
                if (pin instanceof SecretSource.None) {
                    throw new ConfigException("release.signing.pkcs11.pin", "is required when release.signing=pkcs11");
                }
                String label = v.getOrDefault("release.signing.pkcs11.label", "custos-release");
                if (!label.matches("[A-Za-z0-9._-]{1,64}")) {
                    throw new ConfigException("release.signing.pkcs11.label",
                            "must be 1 to 64 of A-Z a-z 0-9 . _ -, got '" + label + "'");
                }
                yield new ReleaseKeySettings.Pkcs11(requiredPath(v, "release.signing.pkcs11.config"), pin, label);
            }
            default -> throw new ConfigException("release.signing", "must be local or pkcs11, got '" + where + "'");
        };
    }

    private static EngineSettings engine(Map<String, String> v, Path dataDir) {
        String which = v.getOrDefault("recsys.engine", "foryou").strip().toLowerCase(Locale.ROOT);
        boolean enabled = switch (which) {
            case "foryou", "for-you" -> true;
            case "popularity" -> false;
            default -> throw new ConfigException("recsys.engine", "must be popularity or foryou, got '" + which + "'");
        };
        EngineSettings d = EngineSettings.defaults(dataDir.resolve("engine"), ServerConfig.defaultBundle());
        if (v.containsKey("engine.bundle") != v.containsKey("engine.bundle.source")) {
            throw new ConfigException(v.containsKey("engine.bundle") ? "engine.bundle.source" : "engine.bundle",
                    "engine.bundle and engine.bundle.source are set together (the artifact and its source archive)");
        }
        if (v.containsKey("engine.bundle")) {
            d = d.withDefaultBundle(Optional.of(new EngineSettings.DefaultBundle(
                    path(v, "engine.bundle", "").toAbsolutePath(), path(v, "engine.bundle.source", "").toAbsolutePath())));
        }
        d = d.withEnabled(enabled);
        try {
            d = d.withPseudonymEpoch(integer(v, "engine.pseudonym.epoch", d.pseudonymEpoch()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("engine.pseudonym.epoch", String.valueOf(e.getMessage()), e);
        }
        try {
            d = d.withRankDeadline(duration(v, "engine.rank.deadline", d.rankDeadline()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("engine.rank.deadline", String.valueOf(e.getMessage()), e);
        }
        try {
            return d.withSnapshots(duration(v, "engine.snapshot.interval", d.snapshotInterval()),
                    duration(v, "engine.erasure.snapshot.delay", d.erasureSnapshotDelay()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(v.containsKey("engine.erasure.snapshot.delay") ? "engine.erasure.snapshot.delay"
                    : "engine.snapshot.interval", String.valueOf(e.getMessage()), e);
        }
    }

    private static ConfinementSettings confinement(Map<String, String> v) {
        ConfinementSettings s = ConfinementSettings.defaults();
        String key = "engine.confinement";
        try {
            s = s.withMode(ConfinementSettings.Mode.parse(v.getOrDefault(key, s.mode().settingValue())));
            key = "engine.memory.mb";
            long memory = positiveLong(v, key, s.memoryBytes() >> 20) << 20;
            key = "engine.heap.mb";
            long heap = positiveLong(v, key, s.heapBytes() >> 20) << 20;
            s = s.withMemory(memory, heap);
            key = "engine.cpus";
            s = s.withCpus(Double.parseDouble(v.getOrDefault(key, Double.toString(s.cpus()))));
            key = "engine.tasks";
            return s.withMaxTasks(integer(v, key, s.maxTasks()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, String.valueOf(e.getMessage()), e);
        }
    }

    /** Each value is checked by {@link LockboxSettings} as it is set, so an error names its own key. */
    private static LockboxSettings lockbox(Map<String, String> v) {
        LockboxSettings s = LockboxSettings.defaults();
        s = lockboxValue("lockbox.approvals", s, d -> d.withRequiredApprovals(
                integer(v, "lockbox.approvals", d.requiredApprovals())));
        s = lockboxValue("lockbox.max.duration", s, d -> d.withMaxDuration(
                duration(v, "lockbox.max.duration", d.maxDuration())));
        s = lockboxValue("lockbox.webhook.url", s, d -> d.withWebhook(
                Optional.ofNullable(v.get("lockbox.webhook.url")).map(java.net.URI::create)));
        s = lockboxValue("lockbox.webhook.timeout", s, d -> d.withWebhookTimeout(
                duration(v, "lockbox.webhook.timeout", d.webhookTimeout())));
        s = lockboxValue("lockbox.webhook.retry", s, d -> d.withRetries(
                duration(v, "lockbox.webhook.retry", d.retryBackoff()), d.maxRetryBackoff()));
        s = lockboxValue("lockbox.webhook.retry.max", s, d -> d.withRetries(d.retryBackoff(),
                duration(v, "lockbox.webhook.retry.max", d.maxRetryBackoff())));
        s = lockboxValue("lockbox.pending.max.age", s, d -> d.withPendingMaxAge(
                duration(v, "lockbox.pending.max.age", d.pendingMaxAge())));
        return lockboxValue("lockbox.poll.interval", s, d -> d.withPollInterval(
                duration(v, "lockbox.poll.interval", d.pollInterval())));
    }

    private static LockboxSettings lockboxValue(String key, LockboxSettings current,
            java.util.function.UnaryOperator<LockboxSettings> set) {
        try {
            return set.apply(current);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, String.valueOf(e.getMessage()), e);
        }
    }

    private static AuditLogSettings auditLog(Map<String, String> v) {
        AuditLogSettings defaults = AuditLogSettings.defaults();
        String accept = v.getOrDefault("audit.accept.restored.log", "false").strip().toLowerCase(Locale.ROOT);
        if (!accept.equals("true") && !accept.equals("false")) {
            throw new ConfigException("audit.accept.restored.log", "must be true or false, got '" + accept + "'");
        }
        try {
            return new AuditLogSettings(path(v, "log.dir", defaults.directory().toString()),
                    path(v, "log.key.file", defaults.keyFile().toString()),
                    v.getOrDefault("log.origin", defaults.origin()).strip(),
                    duration(v, "audit.relay.interval", defaults.pollInterval()),
                    duration(v, "audit.service.window", defaults.serviceReadWindow()),
                    Boolean.parseBoolean(accept));
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String key = message.startsWith("log origin") ? "log.origin"
                    : message.startsWith("service read window") ? "audit.service.window" : "audit.relay.interval";
            throw new ConfigException(key, message, e);
        }
    }

    /** A token bucket written {@code burst/refill}, e.g. {@code 30/2s}: 30 at once, then one more every 2 s. */
    private static RateLimit rate(Map<String, String> v, String key, RateLimit fallback) {
        String raw = v.get(key);
        if (raw == null) {
            return fallback;
        }
        Matcher m = RATE.matcher(raw.strip());
        if (!m.matches()) {
            throw new ConfigException(key, "must be burst/refill like 30/2s, got '" + raw + "'");
        }
        Duration refill = duration(Map.of(key, m.group(2)), key, Duration.ZERO);
        try {
            return new RateLimit(Integer.parseInt(m.group(1)), refill);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage(), e);
        }
    }

    private static SecretSource secret(Map<String, String> v, String key) {
        String inline = v.get(key);
        String file = v.get(key + ".file");
        if (inline != null && file != null) {
            throw new ConfigException(key, "set either " + key + " or " + key + ".file, not both");
        }
        if (inline != null) {
            if (inline.isEmpty()) {
                throw new ConfigException(key, "must not be empty");
            }
            return new SecretSource.Inline(inline.toCharArray());
        }
        if (file != null) {
            return new SecretSource.File(toPath(key + ".file", file), key + ".file");
        }
        return new SecretSource.None();
    }

    private static int integer(Map<String, String> v, String key, int fallback) {
        String raw = v.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number, got '" + raw + "'", e);
        }
    }

    private static long positiveLong(Map<String, String> v, String key, long fallback) {
        String raw = v.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.strip());
            if (value <= 0) {
                throw new ConfigException(key, "must be positive, got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number of bytes, got '" + raw + "'", e);
        }
    }

    private static Duration duration(Map<String, String> v, String key, Duration fallback) {
        String raw = v.get(key);
        if (raw == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(raw.strip());
        if (!m.matches()) {
            throw new ConfigException(key, "must be a duration like 10s, 500ms or 2m, got '" + raw + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static Path path(Map<String, String> v, String key, String fallback) {
        return toPath(key, v.getOrDefault(key, fallback));
    }

    private static Path requiredPath(Map<String, String> v, String key) {
        String raw = v.get(key);
        if (raw == null) {
            throw new ConfigException(key, "is required");
        }
        return toPath(key, raw);
    }

    private static Path toPath(String key, String raw) {
        if (raw.isBlank()) {
            throw new ConfigException(key, "must not be blank");
        }
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw new ConfigException(key, "is not a valid path: " + e.getMessage(), e);
        }
    }
}
