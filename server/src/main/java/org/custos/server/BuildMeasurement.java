package org.custos.server;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.custos.vault.AuditEvent;

/**
 * The server's own code, measured at start: the SHA-256 of every jar (and class directory) on its class path, sorted
 * by name, and one digest over that list, which names this build in the transparency log (a {@code build} entry)
 * and in every HTTP answer's {@code Custos-Release} header. A regulator who holds the same jars computes the same
 * digest: {@code server = sha256} of the UTF-8 lines {@code <name>@sha256:<hex>\n} in order.
 *
 * @param serverDigest {@code sha256:<hex>} over the component lines
 * @param runtime      the Java runtime that runs them ({@code java.runtime.version})
 * @param components   {@code <name>@sha256:<hex>}, sorted; a class directory is named by its last three path
 *                     elements and hashed over its files' relative paths and bytes
 */
public record BuildMeasurement(String serverDigest, String runtime, List<String> components) {

    public BuildMeasurement {
        components = List.copyOf(components);
    }

    /** Measures the class path of this JVM. */
    public static BuildMeasurement ofThisProcess() {
        List<String> components = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry);
            if (Files.isRegularFile(path)) {
                components.add(path.getFileName() + "@sha256:" + fileDigest(path));
            } else if (Files.isDirectory(path)) {
                components.add(directoryName(path) + "@sha256:" + directoryDigest(path));
            }
        }
        components.sort(null);
        MessageDigest sha = sha256();
        for (String component : components) {
            sha.update((component + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new BuildMeasurement("sha256:" + HexFormat.of().formatHex(sha.digest()),
                System.getProperty("java.runtime.version"), components);
    }

    /** The log's record of it. */
    AuditEvent.BuildMeasured event(Instant at) {
        return new AuditEvent.BuildMeasured(serverDigest, runtime, components, at);
    }

    private static String directoryName(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        int n = absolute.getNameCount();
        return absolute.subpath(Math.max(0, n - 3), n).toString().replace(File.separatorChar, '/');
    }

    private static String fileDigest(Path file) {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + file, e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String directoryDigest(Path root) {
        MessageDigest sha = sha256();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                sha.update((root.relativize(file).toString().replace(File.separatorChar, '/') + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                sha.update(HexFormat.of().parseHex(fileDigest(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + root, e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
