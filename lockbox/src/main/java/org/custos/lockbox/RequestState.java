package org.custos.lockbox;

import java.util.Locale;

/**
 * Where an access request is in its life. Only PENDING and GRANTED change again; the other three are final.
 *
 * <pre>
 *   PENDING ──(last required approval)──► GRANTED ──(time box ends)──► EXPIRED
 *      │                                     └──────(revoke)────────► REVOKED
 *      └──(deny)──► DENIED
 * </pre>
 */
enum RequestState {
    PENDING, GRANTED, DENIED, REVOKED, EXPIRED;

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
