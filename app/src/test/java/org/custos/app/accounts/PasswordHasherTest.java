package org.custos.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher cheap = new PasswordHasher(new PasswordCost(256, 1, 1), 1, 4, new SecureRandom());

    @AfterEach
    void close() {
        cheap.close();
    }

    @Test
    void verify_referenceImplementationVectors_match() throws IOException {
        List<String[]> vectors = vectors();
        assertThat(vectors).hasSize(3);
        for (String[] vector : vectors) {
            assertThat(cheap.verify(vector[0], vector[1])).as(vector[1]).isTrue();
            assertThat(cheap.verify("Password", vector[1])).as(vector[1]).isFalse();
        }
    }

    @Test
    void hash_owaspDefaults_producesPhcStringWithThoseParameters() {
        try (PasswordHasher owasp = new PasswordHasher(PasswordCost.OWASP, 1, 4, new SecureRandom())) {
            String hash = owasp.hash("correct horse battery");

            assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
            assertThat(owasp.verify("correct horse battery", hash)).isTrue();
            assertThat(owasp.verify("correct horse batterY", hash)).isFalse();
        }
    }

    @Test
    void hash_samePasswordTwice_usesFreshSalts() {
        String first = cheap.hash("same password here");
        String second = cheap.hash("same password here");

        assertThat(first).isNotEqualTo(second);
        assertThat(PhcString.parse(first).salt()).isNotEqualTo(PhcString.parse(second).salt());
    }

    @Test
    void verify_composedAndDecomposedAccents_areTheSamePassword() {
        String composed = "caf\u00e9 au lait 2024";
        String decomposed = "cafe\u0301 au lait 2024";

        assertThat(cheap.verify(decomposed, cheap.hash(composed))).isTrue();
    }

    @Test
    void verify_corruptStoredHash_throwsTypedError() {
        assertThatThrownBy(() -> cheap.verify("password", "$2a$10$notargon"))
                .isInstanceOf(MalformedPasswordHashException.class);
    }

    @Test
    void hash_moreCallersThanThreadsAndQueue_someAreToldToRetry() throws Exception {
        try (PasswordHasher one = new PasswordHasher(new PasswordCost(32 * 1024, 2, 1), 1, 0, new SecureRandom());
             var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(callers.submit(() -> {
                    start.await();
                    return one.hash("a password to hash");
                }));
            }
            start.countDown();
            int hashed = 0;
            int refused = 0;
            for (var result : results) {
                try {
                    assertThat(result.get()).startsWith("$argon2id$");
                    hashed++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(org.custos.app.http.ProblemException.class,
                            p -> assertThat(p.type()).isEqualTo(org.custos.app.http.ProblemType.OVERLOADED));
                    refused++;
                }
            }
            assertThat(hashed).isPositive();
            assertThat(refused).isPositive();
        }
    }

    private static List<String[]> vectors() throws IOException {
        try (InputStream in = PasswordHasherTest.class.getResourceAsStream("/vectors/argon2/reference-argon2id.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t"))
                    .toList();
        }
    }
}
