package org.custos.tlog.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The sequencing journal: where an entry becomes durable and receives its index before anything is acknowledged.
 *
 * <p>Segments are files {@code wal-<first index, 20 digits>}. A record is {@code magic u32 | first index u64 |
 * count u32 | payload length u32 | payload | CRC-32C u32}, the payload being {@code count} uint16-length-prefixed
 * entries. A record is written then fdatasync'ed; only then are its entries acknowledged. On open, a torn or
 * corrupt record can only be the tail of the last segment (nothing after it was acknowledged): it is cut off, so
 * its indices are reused only for entries that nobody was ever told about. Segments wholly below the published
 * checkpoint are deleted, because the tiles then hold their entries.
 */
public final class WriteAheadLog implements AutoCloseable {

    private static final int MAGIC = 0x544c4f47;
    private static final int HEADER = 4 + 8 + 4 + 4;
    private static final String PREFIX = "wal-";

    private final Path directory;
    private final long segmentBytes;
    private final List<Long> segmentStarts = new ArrayList<>();
    private FileChannel active;
    private long nextIndex;

    /** Entries recovered from the journal at open, from {@code fromIndex} on. */
    public record Recovery(long firstIndex, List<byte[]> entries) {}

    private WriteAheadLog(Path directory, long segmentBytes) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens (or creates) the journal and returns it with every durable entry at index {@code fromIndex} or above.
     *
     * @throws CorruptLogException if a record other than the last is damaged or the journal misses entries at or
     *     above {@code fromIndex}
     */
    public static WriteAheadLog open(Path directory, long fromIndex, long segmentBytes, List<byte[]> recovered)
            throws IOException, CorruptLogException {
        Files.createDirectories(directory);
        WriteAheadLog wal = new WriteAheadLog(directory, segmentBytes);
        List<Path> segments;
        try (Stream<Path> list = Files.list(directory)) {
            segments = list.filter(p -> p.getFileName().toString().startsWith(PREFIX)).sorted().toList();
        }
        long expected = -1;
        for (int s = 0; s < segments.size(); s++) {
            Path segment = segments.get(s);
            long start = Long.parseLong(segment.getFileName().toString().substring(PREFIX.length()));
            if (expected >= 0 && start != expected) {
                throw new CorruptLogException("journal segment " + segment + " starts at " + start + ", want " + expected);
            }
            wal.segmentStarts.add(start);
            expected = start;
            boolean last = s == segments.size() - 1;
            byte[] bytes = Files.readAllBytes(segment);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long validEnd = 0;
            while (buffer.remaining() > 0) {
                int at = buffer.position();
                Record record = Record.read(buffer, expected);
                if (record == null) {
                    if (!last) {
                        throw new CorruptLogException("damaged record at byte " + at + " of " + segment);
                    }
                    break;
                }
                for (int i = 0; i < record.entries.size(); i++) {
                    if (expected + i >= fromIndex) {
                        recovered.add(record.entries.get(i));
                    }
                }
                expected += record.entries.size();
                validEnd = buffer.position();
            }
            if (last) {
                try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                    if (channel.size() > validEnd) {
                        channel.truncate(validEnd);
                        channel.force(true);
                    }
                }
            }
        }
        if (!wal.segmentStarts.isEmpty() && wal.segmentStarts.getFirst() > fromIndex) {
            throw new CorruptLogException("journal starts at " + wal.segmentStarts.getFirst()
                    + " but the checkpoint only covers " + fromIndex + " entries");
        }
        if (wal.segmentStarts.isEmpty() || expected < fromIndex) {
            // Every journalled entry is already in the tiles: restart the journal at the checkpoint.
            for (Long start : wal.segmentStarts) {
                Files.deleteIfExists(wal.segmentPath(start));
            }
            wal.segmentStarts.clear();
            wal.segmentStarts.add(fromIndex);
            expected = fromIndex;
        }
        wal.nextIndex = expected;
        wal.openActive(wal.segmentStarts.getLast());
        return wal;
    }

    public synchronized long nextIndex() {
        return nextIndex;
    }

    /** Appends and fdatasyncs a batch; returns the index of its first entry. */
    public synchronized long append(List<byte[]> entries) throws IOException {
        if (active.size() >= segmentBytes) {
            active.close();
            segmentStarts.add(nextIndex);
            openActive(nextIndex);
        }
        long first = nextIndex;
        ByteBuffer record = Record.encode(first, entries);
        while (record.hasRemaining()) {
            active.write(record);
        }
        active.force(false);
        nextIndex += entries.size();
        return first;
    }

    /** Deletes segments whose entries all lie below {@code coveredSize}; the active segment is kept. */
    public synchronized void prune(long coveredSize) throws IOException {
        while (segmentStarts.size() > 1 && segmentStarts.get(1) <= coveredSize) {
            Files.deleteIfExists(segmentPath(segmentStarts.removeFirst()));
        }
    }

    private void openActive(long start) throws IOException {
        Path path = segmentPath(start);
        boolean created = !Files.exists(path);
        active = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (created) {
            active.force(true);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    }

    private Path segmentPath(long start) {
        return directory.resolve(PREFIX + String.format("%020d", start));
    }

    @Override
    public synchronized void close() throws IOException {
        active.close();
    }

    private record Record(List<byte[]> entries) {

        static ByteBuffer encode(long first, List<byte[]> entries) {
            int payload = 0;
            for (byte[] e : entries) {
                payload += 2 + e.length;
            }
            ByteBuffer buffer = ByteBuffer.allocate(HEADER + payload + 4);
            buffer.putInt(MAGIC).putLong(first).putInt(entries.size()).putInt(payload);
            for (byte[] e : entries) {
                buffer.putShort((short) e.length).put(e);
            }
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), 0, buffer.position());
            buffer.putInt((int) crc.getValue());
            return buffer.flip();
        }

        /** The record at the buffer's position, or null if it is torn, corrupt or out of sequence. */
        static Record read(ByteBuffer buffer, long expectedFirst) {
            int start = buffer.position();
            if (buffer.remaining() < HEADER + 4) {
                return null;
            }
            int magic = buffer.getInt();
            long first = buffer.getLong();
            int count = buffer.getInt();
            int payload = buffer.getInt();
            if (magic != MAGIC || first != expectedFirst || count < 0 || payload < 0
                    || buffer.remaining() < payload + 4) {
                return null;
            }
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), start, HEADER + payload);
            int payloadStart = buffer.position();
            buffer.position(payloadStart + payload);
            if (buffer.getInt() != (int) crc.getValue()) {
                return null;
            }
            ByteBuffer body = ByteBuffer.wrap(buffer.array(), payloadStart, payload);
            List<byte[]> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (body.remaining() < 2) {
                    return null;
                }
                byte[] entry = new byte[body.getShort() & 0xffff];
                if (body.remaining() < entry.length) {
                    return null;
                }
                body.get(entry);
                entries.add(entry);
            }
            return new Record(entries);
        }
    }
}
