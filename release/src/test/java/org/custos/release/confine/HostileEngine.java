package org.custos.release.confine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/**
 * The hostile engine fixture: {@code fixtures/Hostile.java} (a test resource, never compiled by the build) compiled
 * with the JDK's compiler into a jar in a temporary directory, once per test JVM.
 */
final class HostileEngine {

    static final String MAIN = "fixture.Hostile";
    private static Path jar;

    private HostileEngine() {}

    static synchronized Path jar() {
        if (jar != null) {
            return jar;
        }
        try {
            var dir = Files.createTempDirectory("custos-hostile-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            var src = dir.resolve("src/fixture/Hostile.java");
            Files.createDirectories(src.getParent());
            try (var in = HostileEngine.class.getResourceAsStream("fixtures/Hostile.java")) {
                Files.copy(in, src);
            }
            var classes = Files.createDirectories(dir.resolve("classes"));
            var javac = ToolProvider.getSystemJavaCompiler();
            var messages = new java.io.ByteArrayOutputStream();
            int rc = javac.run(null, messages, messages, "-d", classes.toString(), "-nowarn", "-XDsuppressNotes",
                    src.toString());
            if (rc != 0) {
                throw new IllegalStateException("cannot compile the hostile fixture (javac exit " + rc + "): "
                        + messages.toString(StandardCharsets.UTF_8));
            }
            var out = dir.resolve("hostile.jar");
            try (var jos = new JarOutputStream(Files.newOutputStream(out)); var files = Files.walk(classes)) {
                for (var f : files.filter(Files::isRegularFile).sorted().toList()) {
                    jos.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                    jos.write(Files.readAllBytes(f));
                    jos.closeEntry();
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var all = Files.walk(dir)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    // best effort: a temporary directory
                }
            }));
            jar = out;
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A launch of the fixture in one mode. */
    static LaunchSpec spec(Path state, String name, String... args) {
        return LaunchSpec.of(jar(), MAIN, state, name).withArguments(List.of(args));
    }

    /** Reads stdout to its end (at most {@code timeout}, then kills), returning the lines. */
    static List<String> lines(ConfinedProcess p, Duration timeout) throws Exception {
        var reader = CompletableFuture.supplyAsync(() -> {
            var out = new ArrayList<String>();
            try (var r = new BufferedReader(new InputStreamReader(p.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (IOException e) {
                out.add("READ-FAILED " + e);
            }
            return out;
        });
        try {
            return reader.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            p.kill();
        }
    }

    /** The {@code RESULT name VERDICT detail} lines as name to "VERDICT detail". */
    static Map<String, String> results(List<String> lines) {
        var out = new LinkedHashMap<String, String>();
        for (var line : lines) {
            if (line.startsWith("RESULT ")) {
                var rest = line.substring(7);
                int verdict = rest.indexOf(" ALLOWED");
                if (verdict < 0) {
                    verdict = rest.indexOf(" DENIED");
                }
                out.put(rest.substring(0, verdict), rest.substring(verdict + 1));
            }
        }
        return out;
    }

    /** Reads the first line of a stream (a parent's pid report) with a timeout. */
    static String firstLine(java.io.InputStream in, Duration timeout) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
