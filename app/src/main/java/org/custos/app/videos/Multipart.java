package org.custos.app.videos;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578) already read into memory under a size cap, split into named
 * parts. Only what uploads need: {@code Content-Disposition} names and file names; a repeated part name is an
 * error, because two readers could pick different copies.
 */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    /** One part: its field name, whether it was sent as a file, and where its bytes lie in the body (no copy). */
    record Part(String name, boolean file, byte[] body, int offset, int length) {
        Part {
            Objects.checkFromIndexSize(offset, length, body.length);
        }

        /** A part over the whole of {@code content}. */
        static Part of(String name, boolean file, byte[] content) {
            return new Part(name, file, content, 0, content.length);
        }

        String text() {
            return org.custos.app.http.StrictUtf8.decode(body, offset, length).orElseThrow(() ->
                    org.custos.app.http.ProblemException.invalid(List.of(new org.custos.app.http.FieldError(name,
                            "must be well-formed UTF-8 text"))));
        }

        /** A copy of the first {@code n} bytes (fewer if the part is shorter). */
        byte[] head(int n) {
            return Arrays.copyOfRange(body, offset, offset + Math.min(n, length));
        }

        byte[] content() {
            return Arrays.copyOfRange(body, offset, offset + length);
        }

        void writeTo(java.io.OutputStream out) throws java.io.IOException {
            out.write(body, offset, length);
        }
    }

    /** The body does not follow the multipart syntax; the message says where, never what. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    private Multipart() {
    }

    /** The boundary parameter of a {@code multipart/form-data} content type. */
    static Optional<String> boundary(String contentType) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(2) != null ? m.group(2) : m.group(3));
    }

    static Map<String, Part> parse(byte[] body, String boundary) throws MalformedException {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] between = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new MalformedException("no opening boundary");
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        int cursor = at + delimiter.length;
        while (true) {
            if (startsWith(body, cursor, new byte[] {'-', '-'})) {
                return parts;
            }
            if (!startsWith(body, cursor, CRLF)) {
                throw new MalformedException("boundary not followed by a line break");
            }
            int headersStart = cursor + 2;
            int headersEnd = indexOf(body, HEADER_END, headersStart);
            if (headersEnd < 0) {
                throw new MalformedException("part headers do not end");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, between, contentStart);
            if (contentEnd < 0) {
                throw new MalformedException("no closing boundary");
            }
            Part part = part(headers, body, contentStart, contentEnd - contentStart);
            if (parts.putIfAbsent(part.name(), part) != null) {
                throw new MalformedException("part '" + printable(part.name()) + "' is repeated");
            }
            cursor = contentEnd + between.length;
        }
    }

    private static Part part(String headers, byte[] body, int offset, int length) throws MalformedException {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                String value = line.substring(colon + 1);
                Matcher name = NAME.matcher(value);
                if (!name.find()) {
                    throw new MalformedException("a part has no name");
                }
                return new Part(name.group(1), FILENAME.matcher(value).find(), body, offset, length);
            }
        }
        throw new MalformedException("a part has no Content-Disposition");
    }

    static String printable(String name) {
        String cut = name.length() > 32 ? name.substring(0, 32) : name;
        return cut.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? cut : "(unprintable)";
    }

    private static boolean startsWith(byte[] data, int from, byte[] prefix) {
        if (from + prefix.length > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
