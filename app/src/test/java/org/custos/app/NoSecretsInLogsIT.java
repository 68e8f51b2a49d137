package org.custos.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whatever goes wrong with a request, what is logged never contains the secrets or emails it carried. */
class NoSecretsInLogsIT {
    private static final String CANARY = "canary-7f3e9b";
    private static final StringBuilder LOGGED = new StringBuilder();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (LOGGED) {
                LOGGED.append(record.getMessage()).append('\n');
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        LOGGED.append(parameter).append('\n');
                    }
                }
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    LOGGED.append(trace).append('\n');
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static AppHarness harness;

    @BeforeAll
    static void start() {
        Logger root = Logger.getLogger("");
        CAPTURE.setLevel(Level.ALL);
        root.addHandler(CAPTURE);
        harness = new AppHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
        Logger.getLogger("").removeHandler(CAPTURE);
    }

    @Test
    void badAndGoodRequests_logNoPasswordTokenOrEmail() {
        String password = "pw " + CANARY + " long";
        String email = CANARY + "@example.org";
        harness.post("/v1/accounts", AppHarness.json(Map.of("handle", "canary", "displayName", "Canary",
                "email", email, "password", password, "birthDate", "1990-01-01", "region", "FR")));
        harness.post("/v1/accounts", AppHarness.json(Map.of("handle", "canary", "displayName", "Canary",
                "email", email, "password", password, "birthDate", "1990-01-01", "region", "FR")));
        harness.post("/v1/accounts", "{\"password\": \"" + CANARY + "\", \"email\": ");
        harness.post("/v1/sessions", AppHarness.json(Map.of("login", email, "password", "wrong " + CANARY)));
        String token = harness.logIn(email, password);
        harness.get("/v1/me", token);
        harness.put("/v1/me/password", AppHarness.json(Map.of("currentPassword", "bad " + CANARY,
                "newPassword", "new " + CANARY + " pw")), token);
        harness.get("/v1/me", token.substring(1) + "x");
        harness.delete("/v1/sessions/current", token);

        String logged;
        synchronized (LOGGED) {
            logged = LOGGED.toString();
        }
        assertThat(logged).doesNotContain(CANARY).doesNotContain(token);
    }
}
