package org.custos.tlog.tiles;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Entry bundles: a sequence of big-endian uint16 length-prefixed entries (tlog-tiles). */
public final class EntryBundle {

    /** The largest entry a bundle can carry. */
    public static final int MAX_ENTRY_SIZE = 0xffff;

    private EntryBundle() {}

    public static byte[] encode(List<byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] entry : entries) {
            appendTo(out, entry);
        }
        return out.toByteArray();
    }

    static void appendTo(ByteArrayOutputStream out, byte[] entry) {
        if (entry.length > MAX_ENTRY_SIZE) {
            throw new IllegalArgumentException("entry of " + entry.length + " bytes exceeds 65535");
        }
        out.write(entry.length >>> 8);
        out.write(entry.length & 0xff);
        out.write(entry, 0, entry.length);
    }

    /** Splits a bundle into its entries; throws if the bundle is truncated or has trailing bytes. */
    public static List<byte[]> decode(byte[] bundle) {
        List<byte[]> entries = new ArrayList<>();
        int at = 0;
        while (at < bundle.length) {
            if (at + 2 > bundle.length) {
                throw new IllegalArgumentException("entry bundle truncated in a length prefix at byte " + at);
            }
            int length = ((bundle[at] & 0xff) << 8) | (bundle[at + 1] & 0xff);
            at += 2;
            if (at + length > bundle.length) {
                throw new IllegalArgumentException("entry bundle truncated inside an entry at byte " + at);
            }
            byte[] entry = new byte[length];
            System.arraycopy(bundle, at, entry, 0, length);
            entries.add(entry);
            at += length;
        }
        return entries;
    }
}
