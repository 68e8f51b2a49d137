package org.custos.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Throwaway SoftHSM2 tokens for the PKCS#11 tests. SoftHSM2 reads its configuration file from {@code SOFTHSM2_CONF}
 * when its library loads, so each module's Maven build fixes that path (under {@code target/softhsm}); the first
 * token of a test run empties the directory.
 */
public final class SoftHsm {
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static boolean reset;

    private SoftHsm() {
    }

    /**
     * Whether SoftHSM2 is installed and configured for this run; under {@code CI=true} its absence is an error, not
     * a reason to skip.
     */
    public static boolean available() {
        String conf = System.getenv("SOFTHSM2_CONF");
        boolean available = conf != null && Files.isRegularFile(LIBRARY) && onPath("softhsm2-util");
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but SoftHSM2 is unavailable: run scripts/test-prerequisites.sh"
                    + " and run the tests through Maven (it sets SOFTHSM2_CONF)");
        }
        return available;
    }

    /**
     * A new token with user PIN {@code pin}, and a SunPKCS11 configuration file selecting its slot (generated
     * secret keys sensitive and unextractable), the format the vault's KEK and the release key are configured with.
     */
    public static synchronized Path newToken(String labelPrefix, String pin) {
        try {
            Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
            Path home = conf.getParent();
            Path tokens = home.resolve("tokens");
            if (!reset) {
                deleteRecursively(home);
                Files.createDirectories(tokens);
                Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                        + "log.level = ERROR\n");
                reset = true;
            }
            String label = labelPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "so-" + label);
            String slots = run("softhsm2-util", "--show-slots");
            Matcher slot = Pattern.compile("Slot (\\d+)\\s*\\n(?:.*\\n)*?\\s*Label:\\s*" + Pattern.quote(label))
                    .matcher(slots);
            if (!slot.find()) {
                throw new IllegalStateException("no slot for the new token " + label + " in:\n" + slots);
            }
            Path config = home.resolve(label + ".cfg");
            Files.writeString(config, """
                    name = %s
                    library = %s
                    slot = %s
                    attributes(generate, CKO_SECRET_KEY, *) = {
                      CKA_SENSITIVE = true
                      CKA_EXTRACTABLE = false
                    }
                    """.formatted(label.replaceAll("[^A-Za-z0-9]", ""), LIBRARY, slot.group(1)));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(command[0] + " " + command[1] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command[0], e);
        }
        return output;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
