package org.custos.release.build;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip whose bytes are a function of its entries' names, order and contents alone.
 *
 * <ul>
 *   <li>Every entry is STORED, not deflated: deflate's output depends on the zlib the JDK links (the system's on
 *       many Linux builds, a bundled copy elsewhere, zlib-ng on some distributions), so two honest builders with
 *       the same inputs could get different bytes. Stored entries cost size, not trust.</li>
 *   <li>Every entry carries the same time, written as DOS date and time from the instant read in UTC (never the
 *       host's time zone), and no extended-time extra field.</li>
 *   <li>No extra fields, no comments, no directory entries, no file attributes (so no host permissions).</li>
 *   <li>The caller chooses the order; names must be unique.</li>
 * </ul>
 */
final class DeterministicZip implements AutoCloseable {

    private final ZipOutputStream zip;
    private final LocalDateTime time;
    private final Set<String> names = new HashSet<>();

    DeterministicZip(OutputStream out, Instant timestamp) {
        this.zip = new ZipOutputStream(out);
        this.zip.setMethod(ZipOutputStream.STORED);
        this.time = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
    }

    void add(String name, byte[] content) throws IOException {
        if (!names.add(name)) {
            throw new IllegalArgumentException("zip entry " + name + " added twice");
        }
        ZipEntry entry = new ZipEntry(name);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(time);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
