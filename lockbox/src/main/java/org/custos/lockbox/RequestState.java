package org.custos.lockbox;

import java.util.Locale;

/**
 * Where an access request is in its life. Only PENDING and GRANTED change again; the others are final.
 *
 * <pre>
 *   PENDING ──(last required approval)──► GRANTED ──(time box ends)──► EXPIRED
 *      │                                     └──────(revoke)────────► REVOKED
 *      ├──(deny)──► DENIED
 *      ├──(withdraw, by its requester)──► WITHDRAWN
 *      └──(undecided for lockbox.pending.max.age)──► EXPIRED (never granted: no time box)
 * </pre>
 */
enum RequestState {
    PENDING, GRANTED, DENIED, REVOKED, EXPIRED, WITHDRAWN;

    /** Every wire name, for error messages: {@code pending, granted, ...}. */
    static String wireNames() {
        return String.join(", ", java.util.Arrays.stream(values()).map(RequestState::wireName).toList());
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RequestState ofWireName(String name) {
        for (RequestState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("no request state " + name);
    }
}
