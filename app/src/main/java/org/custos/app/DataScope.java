package org.custos.app;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.custos.vault.Column;

/**
 * A part of one user's data that an operator may be granted to read (see {@link App#userData}), with the PROTECTED
 * columns it opens. Public fields (handle, display name) come with every scope; anything not listed here cannot be
 * granted.
 */
public enum DataScope {
    /** Birth date and region. */
    PROFILE(List.of(new Column("app_users", "birth_date"), new Column("app_users", "region"))),
    /** The email address. */
    CONTACT(List.of(new Column("app_users", "email"))),
    /** Every stored watch event (video, time, watched ms, flags). */
    WATCH_HISTORY(List.of(new Column("app_watch_events", "event")));

    private final List<Column> columns;

    DataScope(List<Column> columns) {
        this.columns = columns;
    }

    /** The PROTECTED columns this scope opens. */
    public List<Column> columns() {
        return columns;
    }

    /** The name used in requests and answers: {@code profile}, {@code contact}, {@code watch-history}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The scope named {@code wireName}, if any. */
    public static Optional<DataScope> ofWireName(String wireName) {
        for (DataScope scope : values()) {
            if (scope.wireName().equals(wireName)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
