package org.custos.tlog.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.custos.tlog.tiles.TileCoordinate;
import org.custos.tlog.tiles.TileReader;

/**
 * The C2SP static layout on a local filesystem: any static file server pointed at the root serves the log.
 *
 * <p>A write goes to a temporary sibling, is fdatasync'ed and renamed over the target, so readers (and a restart
 * after a crash) never see a torn or empty file. The directories touched since the last {@link #sync()} are
 * remembered; {@code sync()} fsyncs them, which makes the renames durable. Writes are safe from many threads at
 * once, which is how the integrator overlaps device latency. Full tiles never change once written, so reads of
 * them are cached.
 */
public final class FileLogStore implements LogStore {

    private static final int CACHED_TILES = 2048;

    private final Path root;
    private final boolean durable;
    private final Set<Path> unsynced = new LinkedHashSet<>();
    private final AtomicLong temporaries = new AtomicLong();
    private final Map<TileCoordinate, byte[]> cache = new LinkedHashMap<>(CACHED_TILES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TileCoordinate, byte[]> eldest) {
            return size() > CACHED_TILES;
        }
    };

    /**
     * @param durable false only for benchmarks and tools that accept losing recent writes on a machine crash
     */
    public FileLogStore(Path root, boolean durable) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath();
        this.durable = durable;
    }

    public FileLogStore(Path root) throws IOException {
        this(root, true);
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String path, byte[] data) throws IOException {
        Path target = resolve(path);
        if (!Files.isDirectory(target.getParent())) {
            Files.createDirectories(target.getParent());
            if (durable) {
                // New directories are only durable once every ancestor's entry for them is.
                synchronized (unsynced) {
                    for (Path p = target.getParent(); p != null && p.startsWith(root); p = p.getParent()) {
                        unsynced.add(p);
                    }
                }
            }
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp" + temporaries.incrementAndGet());
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durable) {
                // Flushing before the rename means a crash can never expose a renamed but empty file.
                channel.force(false);
            }
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("filesystem at " + root + " cannot rename atomically", e);
        }
        if (durable) {
            synchronized (unsynced) {
                unsynced.add(target.getParent());
            }
        }
    }

    @Override
    public void sync() throws IOException {
        Path[] directories;
        synchronized (unsynced) {
            directories = unsynced.toArray(Path[]::new);
            unsynced.clear();
        }
        for (Path directory : directories) {
            forceDirectory(directory);
        }
    }

    @Override
    public void delete(String pathOrPrefix) throws IOException {
        Path target = resolve(pathOrPrefix);
        if (!Files.exists(target)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (DirectoryNotEmptyException e) {
                    // A concurrent write recreated something under the prefix; leave it.
                }
            }
        }
    }

    @Override
    public TileReader tileReader() {
        return tile -> {
            synchronized (cache) {
                byte[] cached = cache.get(tile);
                if (cached != null) {
                    return cached;
                }
            }
            try {
                byte[] data = read(tile.path()).orElseThrow(() -> new NoSuchFileException(tile.path()));
                if (tile.isFull()) {
                    synchronized (cache) {
                        cache.put(tile, data);
                    }
                }
                return data;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + tile.path() + " under " + root, e);
            }
        };
    }

    @Override
    public void close() {}

    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private Path resolve(String path) throws IOException {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root) || path.isEmpty()) {
            throw new IOException("path escapes the log directory: " + path);
        }
        return resolved;
    }
}
