package org.custos.release.confine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The few host files the JDK's binaries need besides the JDK: the C runtime, found the way the dynamic loader finds
 * it, and recreated inside the sandbox at the same paths (with the same symlinks, so
 * {@code /lib64/ld-linux-x86-64.so.2} resolves however the distribution lays out {@code /lib}, {@code /lib64} and
 * {@code /usr}).
 *
 * <p>How: the loader named in {@code bin/java}'s {@code PT_INTERP} header is asked ({@code ld.so --list}, what
 * {@code ldd} does) for the resolved dependencies of {@code bin/java} and of every library in the JDK's {@code lib}.
 * Of those outside the JDK only the C and C++ runtime ({@link #RUNTIME}) is kept: desktop libraries (X11, ALSA,
 * fonts) are deliberately absent, so a headless engine that reaches for AWT fails to load them. {@code libgcc_s} is
 * added when it sits beside libc, because glibc loads it at run time to unwind threads.
 */
final class SystemLibraries {

    /** Sonames of the runtime: the loader, libc and its old companions, libz, the GCC and C++ runtimes. */
    static final Pattern RUNTIME = Pattern.compile(
            "(ld-linux[\\w.-]*|ld-musl[\\w.-]*|lib(c|m|dl|pthread|rt|z|gcc_s|stdc\\+\\+))\\.so(\\.\\d+)*");

    private static final int PT_INTERP = 3;
    private static final Map<Path, List<Entry>> CACHE = new ConcurrentHashMap<>();

    /** One thing to create in the sandbox's root: a symlink, or a read-only bind of a host file at its own path. */
    sealed interface Entry {
        record Symlink(String target, Path at) implements Entry {}

        record File(Path path) implements Entry {}
    }

    private SystemLibraries() {}

    /** What the JDK at {@code javaHome} (a real path) needs from the host, cached per JDK. */
    static List<Entry> forJdk(Path javaHome) throws Bubblewrap.UnavailableException {
        var cached = CACHE.get(javaHome);
        if (cached != null) {
            return cached;
        }
        var entries = materialize(runtimeFiles(javaHome));
        CACHE.put(javaHome, entries);
        return entries;
    }

    private static List<Path> runtimeFiles(Path javaHome) throws Bubblewrap.UnavailableException {
        var java = javaHome.resolve("bin/java");
        var interpreter = interpreter(java).orElseThrow(() -> new Bubblewrap.UnavailableException(
                java + " names no dynamic loader (PT_INTERP); cannot tell which system libraries it needs"));
        var elfs = new ArrayList<Path>();
        elfs.add(java);
        elfs.addAll(sharedObjects(javaHome.resolve("lib")));
        elfs.addAll(sharedObjects(javaHome.resolve("lib/server")));
        var found = new LinkedHashSet<Path>();
        found.add(interpreter);
        for (var elf : elfs) {
            for (var dependency : dependencies(interpreter, elf)) {
                if (!dependency.startsWith(javaHome)
                        && RUNTIME.matcher(dependency.getFileName().toString()).matches()) {
                    found.add(dependency);
                }
            }
        }
        found.stream().filter(p -> p.getFileName().toString().startsWith("libc.so")).findFirst()
                .map(libc -> libc.resolveSibling("libgcc_s.so.1"))
                .filter(Files::isRegularFile)
                .ifPresent(found::add);
        return List.copyOf(found);
    }

    private static List<Path> sharedObjects(Path dir) throws Bubblewrap.UnavailableException {
        var out = new ArrayList<Path>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.so")) {
            files.forEach(out::add);
        } catch (IOException e) {
            throw new Bubblewrap.UnavailableException("cannot list the JDK's libraries in " + dir + ": " + e);
        }
        out.sort(null);
        return out;
    }

    /** The ELF program interpreter of a 64-bit little-endian executable, if it has one. */
    static Optional<Path> interpreter(Path elf) throws Bubblewrap.UnavailableException {
        try (var ch = FileChannel.open(elf, StandardOpenOption.READ)) {
            var header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(header, 0);
            if (header.get(0) != 0x7f || header.get(1) != 'E' || header.get(2) != 'L' || header.get(3) != 'F') {
                throw new Bubblewrap.UnavailableException(elf + " is not an ELF executable");
            }
            if (header.get(4) != 2 || header.get(5) != 1) {
                throw new Bubblewrap.UnavailableException(elf + " is not a 64-bit little-endian ELF executable");
            }
            long phoff = header.getLong(0x20);
            int phentsize = Short.toUnsignedInt(header.getShort(0x36));
            int phnum = Short.toUnsignedInt(header.getShort(0x38));
            var ph = ByteBuffer.allocate(phentsize).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < phnum; i++) {
                ph.clear();
                ch.read(ph, phoff + (long) i * phentsize);
                if (ph.getInt(0) == PT_INTERP) {
                    long offset = ph.getLong(8);
                    int size = (int) Math.min(4096, ph.getLong(32));
                    var name = ByteBuffer.allocate(size);
                    ch.read(name, offset);
                    var s = new String(name.array(), 0, size, StandardCharsets.ISO_8859_1);
                    int nul = s.indexOf('\0');
                    return Optional.of(Path.of(nul >= 0 ? s.substring(0, nul) : s));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new Bubblewrap.UnavailableException("cannot read " + elf + ": " + e.getMessage());
        }
    }

    /** The loader's {@code --list} of an ELF file: the resolved path of each dependency found. */
    static List<Path> dependencies(Path interpreter, Path elf) throws Bubblewrap.UnavailableException {
        try {
            var pb = new ProcessBuilder(interpreter.toString(), "--list", elf.toString()).redirectErrorStream(true);
            pb.environment().clear();
            var p = pb.start();
            p.getOutputStream().close();
            var out = new String(p.getInputStream().readNBytes(1 << 16), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new Bubblewrap.UnavailableException(interpreter + " --list " + elf + " did not finish");
            }
            // exit status 1 with "not a dynamic executable" happens for static objects; parse what there is
            return parseList(out);
        } catch (IOException e) {
            throw new Bubblewrap.UnavailableException("cannot run the dynamic loader " + interpreter + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Bubblewrap.UnavailableException("interrupted while listing " + elf + "'s libraries");
        }
    }

    /**
     * Parses {@code ld.so --list} output: {@code name => /path (0x...)}, {@code /path (0x...)} for the loader, and
     * {@code name => not found} (skipped: the JDK's optional desktop libraries on a server).
     */
    static List<Path> parseList(String output) {
        var out = new ArrayList<Path>();
        for (var raw : output.split("\n")) {
            var line = raw.strip();
            int arrow = line.indexOf("=>");
            var path = arrow >= 0 ? line.substring(arrow + 2).strip() : line;
            int paren = path.lastIndexOf(" (0x");
            if (paren >= 0) {
                path = path.substring(0, paren).strip();
            }
            if (path.startsWith("/")) {
                out.add(Path.of(path));
            }
        }
        return out;
    }

    /**
     * The symlinks and files that make each of {@code paths} resolve inside the sandbox as on the host. Each path is
     * walked a component at a time: a symlinked component becomes a {@code --symlink} with the same target and the
     * walk continues at the target; the real file at the end becomes a read-only bind at its own path. Binds are
     * therefore never made through a symlink, and a directory the host has as a symlink stays one.
     */
    static List<Entry> materialize(Collection<Path> paths) throws Bubblewrap.UnavailableException {
        var entries = new LinkedHashMap<Path, Entry>();
        for (var p : paths) {
            walk(p.toAbsolutePath().normalize(), entries, 0);
        }
        return List.copyOf(entries.values());
    }

    private static void walk(Path path, Map<Path, Entry> entries, int depth) throws Bubblewrap.UnavailableException {
        if (depth > 40) {
            throw new Bubblewrap.UnavailableException("too many levels of symbolic links resolving " + path);
        }
        var current = path.getRoot();
        for (int i = 0; i < path.getNameCount(); i++) {
            var next = current.resolve(path.getName(i));
            if (Files.isSymbolicLink(next)) {
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException e) {
                    throw new Bubblewrap.UnavailableException("cannot read the symlink " + next + ": " + e);
                }
                entries.putIfAbsent(next, new Entry.Symlink(target, next));
                var resolved = current.resolve(target).normalize();
                var rest = i + 1 < path.getNameCount() ? path.subpath(i + 1, path.getNameCount()) : null;
                walk(rest == null ? resolved : resolved.resolve(rest), entries, depth + 1);
                return;
            }
            current = next;
        }
        if (!Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
            throw new Bubblewrap.UnavailableException("the system library " + path + " is not a regular file");
        }
        entries.putIfAbsent(current, new Entry.File(current));
    }

    /** The entries as text, for logs and tests. */
    static Set<String> describe(List<Entry> entries) {
        var names = new LinkedHashSet<String>();
        for (var e : entries) {
            names.add(switch (e) {
                case Entry.Symlink s -> s.at() + " -> " + s.target();
                case Entry.File f -> f.path().toString();
            });
        }
        return names;
    }
}
