package org.custos.tlog.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.entry.MalformedEntryException;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.note.VerifierKey;
import org.custos.tlog.tiles.EntryBundle;
import org.custos.tlog.tiles.TileCoordinate;
import org.custos.tlog.tiles.TileLayout;
import org.custos.tlog.verify.LogSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code custos log entries}: the log's entries decoded, filtered by kind and time, as a table or JSON Lines, so a
 * regulator lists flows, approvals, key events and policy changes without writing a decoder. Exit 0 listed, 2 could
 * not read (nothing printed on standard output then).
 */
@Command(name = "entries", mixinStandardHelpOptions = true,
        description = {"List a log's entries, decoded (docs/log-entries.md), under its signed checkpoint.",
                "The checkpoint's signature is checked; to check every bundle against the signed tree as well, run",
                "'log verify --full'. Exit codes: 0 listed, 2 could not read."})
public final class LogEntriesCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, description = "log URL prefix (http(s)://...) or directory in the static layout")
    String url;

    @Option(names = "--vkey", required = true, description = "the log's verifier key, or a file holding it")
    String vkey;

    @Option(names = "--kind", split = ",", paramLabel = "KIND",
            description = "only these kinds (repeatable or comma-separated), e.g. egress-flow, access-step, "
                    + "policy-change, key-event, release-step, engine-event; 'list' prints every kind")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--since", paramLabel = "INSTANT", description = "only entries at or after, e.g. 2026-12-01T00:00:00Z")
    String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "only entries before")
    String until;

    @Option(names = "--format", defaultValue = "table", description = "table or json (JSON Lines); default ${DEFAULT-VALUE}")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (kinds.contains("list")) {
            KINDS.forEach(out::println);
            out.flush();
            return 0;
        }
        Set<String> wanted = new TreeSet<>();
        for (String k : kinds) {
            String kind = k.strip().toLowerCase(Locale.ROOT);
            if (!KINDS.contains(kind)) {
                err.println("log entries: unknown kind '" + k + "'; the kinds are " + String.join(", ", KINDS));
                return 2;
            }
            wanted.add(kind);
        }
        boolean json;
        switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> json = false;
            case "json" -> json = true;
            default -> {
                err.println("log entries: --format must be table or json, got '" + format + "'");
                return 2;
            }
        }
        Optional<Instant> from;
        Optional<Instant> to;
        try {
            from = Optional.ofNullable(since).map(Instant::parse);
            to = Optional.ofNullable(until).map(Instant::parse);
        } catch (DateTimeParseException e) {
            err.println("log entries: --since and --until take an instant such as 2026-12-01T00:00:00Z: "
                    + e.getParsedString());
            return 2;
        }
        try {
            VerifierKey key = KeyFiles.verifierKey(vkey);
            LogSource source = LogSource.of(url);
            SignedNote note = SignedNote.parse(source.checkpoint());
            Checkpoint checkpoint = Checkpoint.of(note);
            if (!checkpoint.origin().equals(key.name())) {
                err.println("log entries: the checkpoint is of log " + checkpoint.origin() + ", not " + key.name());
                return 2;
            }
            note.verify(List.of(key));
            List<String> lines = new ArrayList<>();
            long size = checkpoint.size();
            for (long bundle = 0; bundle * TileCoordinate.FULL_WIDTH < size; bundle++) {
                int width = TileLayout.width(0, bundle, size);
                List<byte[]> entries = EntryBundle.decode(source.tile(
                        new TileCoordinate(TileCoordinate.ENTRIES, bundle, width)));
                for (int i = 0; i < entries.size(); i++) {
                    long index = bundle * TileCoordinate.FULL_WIDTH + i;
                    AuditEntry entry = AuditEntryCodec.decode(entries.get(i));
                    String kind = kind(entry);
                    if ((wanted.isEmpty() || wanted.contains(kind))
                            && from.map(f -> !entry.time().isBefore(f)).orElse(true)
                            && to.map(t -> entry.time().isBefore(t)).orElse(true)) {
                        lines.add(json ? json(index, kind, entry) : row(index, kind, entry));
                    }
                }
                if (size > 100_000 && bundle % 400 == 399) {
                    err.printf("log entries: read %,d of %,d%n", Math.min(size, (bundle + 1) * 256), size);
                    err.flush();
                }
            }
            if (!json) {
                out.printf("%-9s %-24s %-15s %s%n", "index", "time", "kind", "fields");
            }
            lines.forEach(out::println);
            out.flush();
            err.printf("%d of %d entries under %s@%d%n", lines.size(), size, checkpoint.origin(), size);
            err.flush();
            return 0;
        } catch (MalformedEntryException e) {
            err.println("log entries: an entry does not decode: " + e.getMessage());
        } catch (Exception e) {
            err.println("log entries: cannot read the log at " + url + ": " + e.getMessage());
        }
        err.flush();
        return 2;
    }

    /** Every kind, as the {@code --kind} option spells it: the entry record's name in kebab case. */
    static final List<String> KINDS = java.util.Arrays.stream(AuditEntry.class.getPermittedSubclasses())
            .flatMap(c -> c.isInterface() ? java.util.Arrays.stream(c.getPermittedSubclasses()) : java.util.stream.Stream.of(c))
            .map(LogEntriesCommand::kebab).sorted().distinct().toList();

    static String kind(AuditEntry entry) {
        return kebab(entry.getClass());
    }

    private static String kebab(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String row(long index, String kind, AuditEntry entry) {
        StringBuilder fields = new StringBuilder();
        for (var field : fields(entry).entrySet()) {
            if (field.getKey().equals("time")) {
                continue;
            }
            fields.append(fields.isEmpty() ? "" : " ").append(field.getKey()).append('=').append(field.getValue());
        }
        return String.format("%-9d %-24s %-15s %s", index, entry.time(), kind, fields);
    }

    private static String json(long index, String kind, AuditEntry entry) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("index", index);
        object.put("kind", kind);
        object.putAll(fields(entry));
        try {
            return JSON.writeValueAsString(object);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialise", e);
        }
    }

    /** The entry's fields by name, as plain values (a release's signed statement as its size and digest). */
    private static Map<String, Object> fields(AuditEntry entry) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent component : entry.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(entry);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (component.getName().equals("statement") && value instanceof String statement && !statement.isEmpty()) {
                value = AuditEntryCodec.describe(entry).replaceFirst("(?s).*statement=(<[^>]*>)\\]$", "$1");
            }
            out.put(component.getName(), plain(value));
        }
        return out;
    }

    private static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Number n -> n;
            case Boolean b -> b;
            case Optional<?> o -> o.map(LogEntriesCommand::plain).orElse(null);
            case List<?> list -> list.stream().map(LogEntriesCommand::plain).toList();
            default -> value.toString();
        };
    }
}
