package org.custos.app.accounts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** Value types of the accounts feature, as read from and written to {@code app_users}. */
final class Account {
    private Account() {
    }

    /** A validated sign-up, with the password already hashed. */
    record New(String handle, String displayName, String email, LocalDate birthDate, String region,
               String passwordHash) {
        @Override
        public String toString() {
            return "Account.New[handle=" + handle + ", (personal fields redacted)]";
        }
    }

    /** A user's own view of their account, protected fields opened. */
    record Profile(long id, String handle, String displayName, String email, LocalDate birthDate, String region,
                   Instant createdAt, Instant updatedAt) {
        @Override
        public String toString() {
            return "Account.Profile[id=" + id + ", (personal fields redacted)]";
        }
    }

    /** What anyone may see of an account. */
    record Public(String handle, String displayName) {
    }

    /** What log-in needs: the account's id and its stored password hash. */
    record Login(long id, String passwordHash) {
        @Override
        public String toString() {
            return "Account.Login[id=" + id + "]";
        }
    }

    /** The fields a PATCH may change; empty fields stay as they are. */
    record Change(Optional<String> displayName, Optional<String> email,
                  Optional<LocalDate> birthDate, Optional<String> region) {
        boolean isEmpty() {
            return displayName.isEmpty() && email.isEmpty() && birthDate.isEmpty() && region.isEmpty();
        }
    }
}
