package org.custos.cli.population;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * A small ISO base media file: an {@code ftyp} box (brand isom) and an {@code mdat} box of random bytes. The app
 * decides a medium's type by its first bytes, and this is the smallest shape it accepts as MP4.
 */
final class TinyMp4 {
    private TinyMp4() {
    }

    static byte[] of(Random random, int payloadBytes) {
        ByteBuffer out = ByteBuffer.allocate(24 + 8 + payloadBytes);
        out.putInt(24).put("ftyp".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.put("isom".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0x200);
        out.put("isommp41".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.putInt(8 + payloadBytes).put("mdat".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] payload = new byte[payloadBytes];
        random.nextBytes(payload);
        out.put(payload);
        return out.array();
    }
}
