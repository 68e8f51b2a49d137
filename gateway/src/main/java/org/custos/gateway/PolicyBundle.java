package org.custos.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The exact text of a published policy set: a few named files, as the custodian wrote them and the regulator reads
 * them. {@code <flow>.flow.json} declares a flow, {@code budgets.json} gives each recipient its privacy budget, and
 * every {@code *.cedar} file holds Cedar policies.
 *
 * <p>The version is {@code sha256:<hex>} over the files in name order, each as
 * {@code name LF byte-length LF content LF} (UTF-8): any change to any byte of any file, or to a name, changes it,
 * and anyone holding the files can recompute it.
 */
public record PolicyBundle(SortedMap<String, String> files) {
    /** The policy set shipped with the gateway, used when no directory is configured. */
    static final String BUNDLED = "/org/custos/gateway/policies/";
    static final java.util.List<String> BUNDLED_FILES = java.util.List.of("aggregate-metrics.flow.json",
            "budgets.json", "model-telemetry.flow.json", "owner.cedar", "public-content.flow.json",
            "trust-and-safety.flow.json");
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9][a-z0-9._-]{0,80}\\.(flow\\.json|cedar)|budgets\\.json");
    private static final int MAX_FILES = 200;
    private static final int MAX_BYTES = 1 << 20;

    public PolicyBundle {
        files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
        if (files.isEmpty() || files.size() > MAX_FILES) {
            throw new IllegalArgumentException("a policy set has 1.." + MAX_FILES + " files, got " + files.size());
        }
        long total = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!NAME.matcher(file.getKey()).matches()) {
                throw new IllegalArgumentException("policy file name \"" + file.getKey()
                        + "\" is not <name>.flow.json, <name>.cedar or budgets.json");
            }
            total += file.getValue().length();
        }
        if (total > MAX_BYTES) {
            throw new IllegalArgumentException("a policy set is at most " + MAX_BYTES + " characters");
        }
    }

    /** The digest-named version of exactly these files. */
    public String version() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                sha.update((file.getKey() + "\n" + content.length + "\n").getBytes(StandardCharsets.UTF_8));
                sha.update(content);
                sha.update((byte) '\n');
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** The policy set shipped in the gateway's resources. */
    public static PolicyBundle bundled() {
        SortedMap<String, String> files = new TreeMap<>();
        for (String name : BUNDLED_FILES) {
            try (InputStream in = PolicyBundle.class.getResourceAsStream(BUNDLED + name)) {
                if (in == null) {
                    throw new IllegalStateException("bundled policy file missing from the jar: " + name);
                }
                files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundled policy file " + name, e);
            }
        }
        return new PolicyBundle(files);
    }

    /**
     * Every policy file directly in {@code directory} (other files are ignored).
     *
     * @throws UncheckedIOException if the directory cannot be read
     * @throws IllegalArgumentException if it holds no policy file
     */
    public static PolicyBundle fromDirectory(Path directory) {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(directory)) {
            for (Path file : list.sorted().toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && NAME.matcher(name).matches()) {
                    files.put(name, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policy directory " + directory, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no policy files (*.flow.json, *.cedar, budgets.json) in " + directory);
        }
        return new PolicyBundle(files);
    }
}
