package org.custos.app.accounts;

import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format of the reference implementation:
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<tag>}, salt and tag in standard Base64 without padding.
 * Example (the reference implementation's vector for password "password", salt "somesalt"):
 * {@code $argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc}.
 *
 * <p>Parameters are bounded on parse: a stored string is trusted input, but a corrupted one must fail clearly
 * instead of asking for gigabytes of memory.
 */
record PhcString(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] tag) {
    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    static final int MAX_MEMORY_KIB = 1 << 20;

    PhcString {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("parallelism must be 1..16, got " + parallelism);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memory must be 8*p.." + MAX_MEMORY_KIB + " KiB, got " + memoryKiB);
        }
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("iterations must be 1..100, got " + iterations);
        }
        if (salt.length < 8 || salt.length > 64) {
            throw new IllegalArgumentException("salt must be 8..64 bytes, got " + salt.length);
        }
        if (tag.length < 16 || tag.length > 64) {
            throw new IllegalArgumentException("tag must be 16..64 bytes, got " + tag.length);
        }
        salt = salt.clone();
        tag = tag.clone();
    }

    /** Parses a PHC string; throws {@link MalformedPasswordHashException} for anything else. */
    static PhcString parse(String encoded) {
        Matcher m = FORMAT.matcher(encoded);
        if (!m.matches()) {
            throw new MalformedPasswordHashException("not an Argon2id v=19 PHC string");
        }
        try {
            return new PhcString(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), DECODER.decode(m.group(4)), DECODER.decode(m.group(5)));
        } catch (IllegalArgumentException e) {
            throw new MalformedPasswordHashException("bad Argon2id PHC string: " + e.getMessage(), e);
        }
    }

    String encode() {
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(tag);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] tag() {
        return tag.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhcString other && memoryKiB == other.memoryKiB && iterations == other.iterations
                && parallelism == other.parallelism && Arrays.equals(salt, other.salt)
                && Arrays.equals(tag, other.tag);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(salt) + Arrays.hashCode(tag);
    }

    @Override
    public String toString() {
        return "PhcString[argon2id m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "]";
    }
}
