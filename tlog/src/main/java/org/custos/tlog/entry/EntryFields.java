package org.custos.tlog.entry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the labelled fields of a format 2 entry may hold. The patterns follow the vault's own (principal, purpose,
 * column), so every event the vault accepted has an entry; where a subject could hide in a label, the pattern
 * leaves it no room: a user principal is named by its pseudonym, never by an account id. The release gate's and the
 * engine's fields (digests, release ids, reason codes, measured components) are shapes the boundary chooses, with
 * no room for free text; a value that fails its shape is not echoed in the error, since it may be such text.
 */
final class EntryFields {
    private static final Pattern PRINCIPAL =
            Pattern.compile("user:ps1:[0-9a-f]{32}|(operator|service):[A-Za-z0-9._:@-]{1,128}");
    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]{0,62}\\.[a-z_][a-z0-9_]{0,62}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern RELEASE_ID = Pattern.compile("rel-[0-9a-f]{16}");
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    /** A declared flow's name, or the marker of a call that named none (the name sent is the caller's text). */
    private static final Pattern FLOW_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}|\\(undeclared\\)");
    /**
     * A flow's query as the gateway renders it after validation: declared field names, then parameters whose values
     * are decimal numbers or keyed commitments; no room for an address, a name or a date.
     */
    private static final Pattern QUERY = Pattern.compile("fields=([a-z][a-z0-9_]{0,40}(,[a-z][a-z0-9_]{0,40})*)?"
            + "(;[a-z][A-Za-z0-9-]{0,31}=([0-9]{1,19}(,[0-9]{1,19})*|hmac:[0-9a-f]{32}))*");
    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]*)(\\.[0-9]+)?");
    private static final Pattern RUNTIME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._+:@/()-]{0,127}");
    private static final Pattern COMPONENT =
            Pattern.compile("([A-Za-z0-9][A-Za-z0-9._+-]{0,127})@sha256:[0-9a-f]{64}");

    /** A release's statement (a DSSE envelope) is the one text field allowed beyond {@value #MAX_TEXT_BYTES} bytes. */
    static final int MAX_STATEMENT_BYTES = 49_152;
    /** Every other text field of format 2. */
    static final int MAX_TEXT_BYTES = 4096;
    /** 256 components of at most 2 + 128 + 1 + 71 bytes keep a build entry under the log's 65,535. */
    static final int MAX_COMPONENTS = 256;

    private EntryFields() {}

    static String principal(String value) {
        if (!PRINCIPAL.matcher(value).matches()) {
            throw new IllegalArgumentException("a principal must be user:<pseudonym>, operator:<id> or service:<name>"
                    + " (a user is never named by account id)");
        }
        return value;
    }

    static String purpose(String value) {
        if (!PURPOSE.matcher(value).matches()) {
            throw new IllegalArgumentException("a purpose must match " + PURPOSE.pattern());
        }
        return value;
    }

    static List<String> columns(List<String> columns, boolean mayBeEmpty) {
        List<String> copy = List.copyOf(columns);
        if (!mayBeEmpty && copy.isEmpty()) {
            throw new IllegalArgumentException("at least one column");
        }
        for (String column : copy) {
            if (!COLUMN.matcher(column).matches()) {
                throw new IllegalArgumentException("a column must be table.column in lower case");
            }
        }
        return copy;
    }

    static List<Pseudonym> subjects(List<Pseudonym> subjects) {
        List<Pseudonym> copy = List.copyOf(subjects);
        for (Pseudonym subject : copy) {
            if (!subject.isVaultPseudonym()) {
                throw new IllegalArgumentException("format 2 entries name subjects by vault pseudonym ps1:<32 hex>");
            }
        }
        return copy;
    }

    static String label(String name, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    static long eventId(long eventId) {
        if (eventId < 1) {
            throw new IllegalArgumentException("event ids (outbox positions) start at 1, got " + eventId);
        }
        return eventId;
    }

    static long count(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }

    static String digest(String name, String value, boolean mayBeEmpty) {
        Objects.requireNonNull(value, name);
        if (!(mayBeEmpty && value.isEmpty()) && !DIGEST.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be sha256: and 64 lower-case hex digits"
                    + (mayBeEmpty ? ", or empty" : ""));
        }
        return value;
    }

    static String releaseId(String name, String value, boolean mayBeEmpty) {
        Objects.requireNonNull(value, name);
        if (!(mayBeEmpty && value.isEmpty()) && !RELEASE_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be rel- and 16 lower-case hex digits"
                    + (mayBeEmpty ? ", or empty" : ""));
        }
        return value;
    }

    /** A release id is {@code rel-} and the first 16 hex digits of its artifact's sha256. */
    static void releaseOf(String releaseId, String artifactDigest) {
        if (!releaseId.regionMatches(4, artifactDigest, 7, 16)) {
            throw new IllegalArgumentException("release id " + releaseId + " does not name artifact " + artifactDigest);
        }
    }

    /** A reason or verdict code, or empty. */
    static String code(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!value.isEmpty() && !CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be a code matching " + CODE.pattern() + ", or empty");
        }
        return value;
    }

    static String flowId(String value) {
        if (!FLOW_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("a flow id must be a declared flow's name matching [a-z0-9][a-z0-9-]{0,63}"
                    + " or (undeclared)");
        }
        return value;
    }

    /** Empty (nothing was parsed yet) or the gateway's canonical rendering of a validated request. */
    static String query(String value) {
        Objects.requireNonNull(value, "query");
        if (!value.isEmpty() && !QUERY.matcher(value).matches()) {
            throw new IllegalArgumentException("a flow query must be empty or fields=<names>(;<parameter>=<number"
                    + " list or hmac:<32 hex>>)*; caller text is never logged");
        }
        return value;
    }

    static String decimal(String name, String value) {
        if (!DECIMAL.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be a non-negative decimal");
        }
        return value;
    }

    static String runtime(String value) {
        if (!RUNTIME.matcher(value).matches()) {
            throw new IllegalArgumentException("runtime must match " + RUNTIME.pattern());
        }
        return value;
    }

    static List<String> components(List<String> components) {
        List<String> copy = List.copyOf(components);
        if (copy.isEmpty() || copy.size() > MAX_COMPONENTS) {
            throw new IllegalArgumentException("a build lists 1 to " + MAX_COMPONENTS + " components");
        }
        String previous = "";
        for (String component : copy) {
            Matcher matcher = COMPONENT.matcher(component);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("a component must be <file name>@sha256:<64 hex>");
            }
            if (matcher.group(1).compareTo(previous) <= 0) {
                throw new IllegalArgumentException("components must be sorted by file name, without repeats");
            }
            previous = matcher.group(1);
        }
        return copy;
    }

    /** Only the size here: the encoder refuses control characters in every text field. */
    static String statement(String value) {
        Objects.requireNonNull(value, "statement");
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_STATEMENT_BYTES) {
            throw new IllegalArgumentException("a statement takes at most " + MAX_STATEMENT_BYTES + " bytes");
        }
        return value;
    }
}
