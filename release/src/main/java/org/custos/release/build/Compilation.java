package org.custos.release.build;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * One run of the JDK's javac, in-process, with every location it reads set explicitly. Left to its defaults,
 * javac would also read the builder's own class path ({@code java.class.path}) and search the class path for
 * source files; here the class path is the verified jars in lock order and nothing else, the source path and
 * the processor path are empty, and the system classes come from {@code --release}.
 */
final class Compilation {

    private static final int REPORTED_ERRORS = 20;

    private Compilation() {
    }

    /**
     * Compiles {@code sources} (in the given order) into {@code classes} and returns the class files by entry
     * name. {@code base} is the directory diagnostics are reported relative to, so that no host path reaches a
     * message.
     */
    static SortedMap<String, byte[]> compile(Recipe recipe, Path base, List<Path> sources, List<Path> classPath,
                                             Path classes) throws BuildFailedException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new BuildFailedException(BuildFailedException.Reason.COMPILATION_FAILED,
                    "this Java runtime has no compiler (java.home=" + System.getProperty("java.home")
                            + "); run the builder on a JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter output = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                encoding(recipe))) {
            Files.createDirectories(classes);
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
            files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
            files.setLocationFromPaths(StandardLocation.ANNOTATION_PROCESSOR_PATH, List.of());
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
            List<String> options = new ArrayList<>(List.of("--release", Integer.toString(recipe.javacRelease())));
            options.addAll(recipe.javacOptions());
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            boolean compiled = javac.getTask(output, files, diagnostics, options, null, units).call();
            if (!compiled) {
                throw new BuildFailedException(BuildFailedException.Reason.COMPILATION_FAILED,
                        "javac failed:\n" + errors(diagnostics, base) + output
                                + "fix the sources, the lock's dependencies or javac.options in BUILD.properties");
            }
        } catch (IOException e) {
            throw new BuildFailedException(BuildFailedException.Reason.IO_FAILED,
                    "could not run javac in the work directory: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // javac's API reports a bad option or an unreadable module this way.
            throw new BuildFailedException(BuildFailedException.Reason.COMPILATION_FAILED,
                    "javac refused the build: " + e.getMessage() + "; check javac.options in BUILD.properties", e);
        }
        return classFiles(classes);
    }

    private static Charset encoding(Recipe recipe) {
        int at = recipe.javacOptions().indexOf("-encoding");
        return at < 0 ? StandardCharsets.UTF_8 : Charset.forName(recipe.javacOptions().get(at + 1));
    }

    private static String errors(DiagnosticCollector<JavaFileObject> diagnostics, Path base) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int errors = 0;
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            errors++;
            if (shown++ < REPORTED_ERRORS) {
                String where = diagnostic.getSource() == null ? "" : where(diagnostic.getSource(), base) + ":"
                        + diagnostic.getLineNumber() + ": ";
                out.append("  ").append(where).append(diagnostic.getMessage(Locale.ROOT)).append('\n');
            }
        }
        if (errors > REPORTED_ERRORS) {
            out.append("  ... and ").append(errors - REPORTED_ERRORS).append(" more errors\n");
        }
        return out.toString();
    }

    /** A source file relative to the extracted tree; anything else (a class in a jar) by its own name. */
    private static String where(JavaFileObject source, Path base) {
        if ("file".equals(source.toUri().getScheme())) {
            Path file = Path.of(source.toUri());
            if (file.startsWith(base)) {
                return base.relativize(file).toString();
            }
        }
        return source.getName();
    }

    private static SortedMap<String, byte[]> classFiles(Path classes) throws BuildFailedException {
        SortedMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                out.put(classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"),
                        Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new BuildFailedException(BuildFailedException.Reason.IO_FAILED,
                    "could not read javac's output: " + e.getMessage(), e);
        }
        return out;
    }
}
