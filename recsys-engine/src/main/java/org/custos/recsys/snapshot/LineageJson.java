package org.custos.recsys.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.custos.recsys.Lineage;

/**
 * A {@link Lineage} as the flat JSON object of a snapshot's header and its {@code .lineage.json} side file:
 * {@code {"firstEvent": "<ISO instant>", "lastEvent": ..., "events": n, "positives": n, "dataDigest": "<hex>",
 * "position": n, "codeVersion": "..."}}, keys in any order. Written and read here rather than with a JSON
 * library because the engine ships inside the algorithm bundle, whose dependencies are the contract and Lucene
 * alone; the shape is fixed and flat, so a strict reader of exactly that shape is all it needs.
 */
final class LineageJson {

    private LineageJson() {
    }

    /** The lineage as one line of JSON (UTF-8). */
    static byte[] write(Lineage l) {
        StringBuilder out = new StringBuilder(256).append('{');
        field(out, "firstEvent").append(quoted(l.firstEvent().toString())).append(", ");
        field(out, "lastEvent").append(quoted(l.lastEvent().toString())).append(", ");
        field(out, "events").append(l.events()).append(", ");
        field(out, "positives").append(l.positives()).append(", ");
        field(out, "dataDigest").append(quoted(l.dataDigest())).append(", ");
        field(out, "position").append(l.position()).append(", ");
        field(out, "codeVersion").append(quoted(l.codeVersion()));
        return out.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder out, String name) {
        return out.append(quoted(name)).append(": ");
    }

    private static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * Reads what {@link #write} wrote (or any flat object with the same keys, strings and integers, as earlier
     * snapshots' headers were).
     *
     * @throws IOException when the bytes are not such an object; the snapshot is then unusable
     */
    static Lineage read(byte[] json) throws IOException {
        Map<String, Object> fields = new Reader(new String(json, StandardCharsets.UTF_8)).object();
        try {
            return new Lineage(Instant.parse(string(fields, "firstEvent")), Instant.parse(string(fields, "lastEvent")),
                    number(fields, "events"), number(fields, "positives"), string(fields, "dataDigest"),
                    number(fields, "position"), string(fields, "codeVersion"));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException("the snapshot's lineage is invalid: " + e.getMessage(), e);
        }
    }

    private static String string(Map<String, Object> fields, String name) throws IOException {
        if (fields.get(name) instanceof String s) {
            return s;
        }
        throw new IOException("the snapshot's lineage has no string " + name);
    }

    private static long number(Map<String, Object> fields, String name) throws IOException {
        if (fields.get(name) instanceof Long n) {
            return n;
        }
        throw new IOException("the snapshot's lineage has no integer " + name);
    }

    /** A strict reader of one flat object whose values are strings or integers. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Map<String, Object> object() throws IOException {
            Map<String, Object> fields = new HashMap<>();
            expect('{');
            if (peek() == '}') {
                at++;
            } else {
                while (true) {
                    String name = string();
                    expect(':');
                    Object value = peek() == '"' ? string() : integer();
                    if (fields.put(name, value) != null) {
                        throw error("repeats the key " + name);
                    }
                    char next = next();
                    if (next == '}') {
                        break;
                    }
                    if (next != ',') {
                        throw error("expected , or }");
                    }
                }
            }
            if (peek() != 0) {
                throw error("has text after the object");
            }
            return fields;
        }

        private String string() throws IOException {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw error("ends inside a string");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("has a control character in a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    throw error("ends inside an escape");
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("ends inside a \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw error("has a bad \\u escape");
                        }
                        at += 4;
                    }
                    default -> throw error("has an unknown escape \\" + e);
                }
            }
        }

        private Long integer() throws IOException {
            skipSpace();
            int start = at;
            if (at < text.length() && text.charAt(at) == '-') {
                at++;
            }
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            try {
                return Long.parseLong(text.substring(start, at));
            } catch (NumberFormatException e) {
                throw error("expected an integer");
            }
        }

        private void expect(char c) throws IOException {
            if (next() != c) {
                throw error("expected " + c);
            }
        }

        private char next() {
            skipSpace();
            return at < text.length() ? text.charAt(at++) : 0;
        }

        private char peek() {
            skipSpace();
            return at < text.length() ? text.charAt(at) : 0;
        }

        private void skipSpace() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private IOException error(String what) {
            return new IOException("the snapshot's lineage JSON " + what + " (at character " + at + ")");
        }
    }
}
