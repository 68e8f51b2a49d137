package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.custos.vault.AccessContext;
import org.custos.vault.AuditEvent;
import org.custos.vault.OutboxEntry;
import org.custos.vault.Principal;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link App#userData}: one user's data for a reader under a grant, limited to the scopes asked for, every value audited. */
class ScopedUserDataIT {
    private static AppHarness harness;
    private static SubjectId subject;
    private static final AccessContext UNDER_GRANT = new AccessContext(Principal.operator("operator-9"),
            new Purpose("support.debug-account"), "lockbox-1");

    @BeforeAll
    static void start() {
        harness = new AppHarness();
        subject = new SubjectId(harness.signUp("scoped_user"));
        String token = harness.logIn("scoped_user", AppHarness.PASSWORD);
        harness.clock.advance(Duration.ofSeconds(1));
        Reply upload = harness.send("POST", "/v1/videos", Uploads.body(Uploads.fields("public"),
                Uploads.mp4(3000, 7)), Uploads.CONTENT_TYPE, token);
        long video = upload.json().path("id").asLong();
        Reply watched = harness.post("/v1/events/watch", AppHarness.json(Map.of("events", List.of(
                Map.of("id", UUID.randomUUID().toString(), "videoId", video, "watchedMs", 1200),
                Map.of("id", UUID.randomUUID().toString(), "videoId", video, "watchedMs", 800, "skipped", true)))),
                token);
        assertThat(watched.json().path("stored").asInt()).isEqualTo(2);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static List<AuditEvent.ProtectedRead> readsAfter(long position) {
        return harness.vault.outbox().after(position, 1000).stream().map(OutboxEntry::event)
                .filter(AuditEvent.ProtectedRead.class::isInstance).map(AuditEvent.ProtectedRead.class::cast).toList();
    }

    @Test
    void userData_contactOnly_opensOnlyTheEmailAndAuditsItUnderTheGrant() {
        long before = harness.vault.outbox().latestPosition();

        Map<String, Object> data = harness.app.userData(UNDER_GRANT, subject, Set.of(DataScope.CONTACT)).orElseThrow();

        assertThat(data).containsEntry("email", "scoped_user@example.org").containsKeys("id", "handle", "displayName")
                .doesNotContainKeys("birthDate", "region", "watchHistory");
        assertThat(readsAfter(before)).singleElement().satisfies(read -> {
            assertThat(read.grant()).isEqualTo("lockbox-1");
            assertThat(read.columns()).containsExactlyElementsOf(DataScope.CONTACT.columns());
        });
    }

    @Test
    void userData_watchHistory_opensEveryEventUnderTheGrant() {
        long before = harness.vault.outbox().latestPosition();

        Map<String, Object> data = harness.app.userData(UNDER_GRANT, subject, Set.of(DataScope.WATCH_HISTORY))
                .orElseThrow();

        assertThat((List<?>) data.get("watchHistory")).hasSize(2);
        assertThat(data).doesNotContainKeys("email", "birthDate");
        assertThat(readsAfter(before)).hasSize(2)
                .allSatisfy(read -> assertThat(read.grant()).isEqualTo("lockbox-1"));
    }

    @Test
    void userData_noScope_opensNothing_andAnUnknownUserIsEmpty() {
        long before = harness.vault.outbox().latestPosition();

        assertThat(harness.app.userData(UNDER_GRANT, subject, Set.of())).get()
                .satisfies(d -> assertThat(d).containsOnlyKeys("id", "handle", "displayName"));
        assertThat(harness.app.userData(UNDER_GRANT, new SubjectId(999_999), Set.of(DataScope.CONTACT))).isEmpty();
        assertThat(harness.vault.outbox().latestPosition()).isEqualTo(before);
        assertThat(harness.app.userByHandle("SCOPED_USER")).contains(subject);
        assertThat(harness.app.userByHandle("nobody_here")).isEmpty();
    }
}
