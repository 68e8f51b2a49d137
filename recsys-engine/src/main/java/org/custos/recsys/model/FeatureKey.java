package org.custos.recsys.model;

import java.nio.charset.StandardCharsets;

/**
 * Sparse feature keys: a field in the top 8 bits and a value in the low 56. Numeric ids below 2^56 map
 * one-to-one, so user, video and author rows never collide; string values (tags, attributes) are hashed to 56
 * bits with a 64-bit FNV-1a, where a collision among the few thousand values a field has is vanishingly rare.
 */
public final class FeatureKey {

    private static final long VALUE_MASK = (1L << 56) - 1;

    private FeatureKey() {
    }

    /** The fields the model knows. Their ordinals are persisted in snapshots: append, never reorder. */
    public enum Field {
        USER, VIDEO, AUTHOR, TAG, DURATION_BUCKET, HOUR, SURFACE, USER_ATTRIBUTE, WEEKDAY, VIDEO_AGE_BUCKET,
        USER_X_AUTHOR, USER_X_TAG, VIDEO_POPULARITY
    }

    public static long of(Field field, long value) {
        return ((long) field.ordinal() << 56) | (value & VALUE_MASK);
    }

    public static long of(Field field, String value) {
        return of(field, hash(value));
    }

    /** The 64-bit FNV-1a hash of the UTF-8 bytes of {@code value}. */
    static long hash(String value) {
        long hash = 0xcbf29ce484222325L;
        // ASCII is its own UTF-8: hash the characters without encoding them into a new array
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                return hashUtf8(value);
            }
            hash ^= c;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long hashUtf8(String value) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** A key for a pair of values (a cross feature), mixed so that pairs spread over the 56 bits. */
    public static long cross(Field field, long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return of(field, h);
    }

    public static Field field(long key) {
        return Field.values()[(int) (key >>> 56)];
    }
}
