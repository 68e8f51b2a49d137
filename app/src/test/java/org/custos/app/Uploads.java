package org.custos.app;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Builds multipart upload bodies and media whose first bytes are those of real MP4 and WebM files. */
final class Uploads {
    static final String BOUNDARY = "----custos-test-boundary-7MA4YWxkTrZu0gW";
    static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private Uploads() {
    }

    /** An MP4 head (an ftyp box of brand isom) followed by {@code size - 24} seeded random bytes. */
    static byte[] mp4(int size, long seed) {
        byte[] media = new byte[size];
        new Random(seed).nextBytes(media);
        byte[] head = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p',
                '4', '1'};
        System.arraycopy(head, 0, media, 0, head.length);
        return media;
    }

    static byte[] webm(int size) {
        byte[] media = new byte[size];
        new Random(size).nextBytes(media);
        media[0] = 0x1A;
        media[1] = 0x45;
        media[2] = (byte) 0xDF;
        media[3] = (byte) 0xA3;
        return media;
    }

    static Map<String, String> fields(String visibility) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("caption", "A day at the sea");
        fields.put("hashtags", "#sea, summer");
        fields.put("visibility", visibility);
        fields.put("durationMs", "15000");
        return fields;
    }

    static byte[] body(Map<String, String> fields, byte[] media) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        if (media != null) {
            write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"clip.mp4\""
                    + "\r\nContent-Type: video/mp4\r\n\r\n");
            out.writeBytes(media);
            write(out, "\r\n");
        }
        write(out, "--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
