package org.custos.server.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive claim of one process on a data directory ({@code <dataDir>/custos.lock}). The operating
 * system releases it when the process dies, however it dies, so a crash never leaves a stale claim. The
 * server holds it for its whole life; a command that finds it taken knows a server is running there.
 *
 * <p>Claims made in this JVM are also kept in {@code HELD}: POSIX record locks belong to the process, and
 * closing any descriptor of the file would drop them, so a second attempt from this JVM must not even
 * open the file.
 */
final class DataDirectoryLock implements AutoCloseable {

    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dataDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path dataDir, FileChannel channel, FileLock lock) {
        this.dataDir = dataDir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the claim, or returns empty when another process (or another server in this JVM) holds it. */
    static Optional<DataDirectoryLock> tryAcquire(Path directory) {
        Path dataDir = directory.toAbsolutePath().normalize();
        if (!HELD.add(dataDir)) {
            return Optional.empty();
        }
        Optional<DataDirectoryLock> claimed = Optional.empty();
        try {
            claimed = lockFile(dataDir);
            return claimed;
        } finally {
            if (claimed.isEmpty()) {
                HELD.remove(dataDir);
            }
        }
    }

    private static Optional<DataDirectoryLock> lockFile(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve("custos.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                    return Optional.empty();
                }
                return Optional.of(new DataDirectoryLock(dataDir, channel, lock));
            } catch (OverlappingFileLockException e) {
                channel.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock data directory " + dataDir, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the data directory lock", e);
        } finally {
            HELD.remove(dataDir);
        }
    }
}
