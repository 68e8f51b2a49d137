package org.custos.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and checking policy sets, and Cedar's decisions on the bundled set (the native engine, for real). */
class ActivePolicyTest {

    private static PolicyBundle with(String name, String text) {
        TreeMap<String, String> files = new TreeMap<>(PolicyBundle.bundled().files());
        files.put(name, text);
        return new PolicyBundle(files);
    }

    @Test
    void bundled_isValidAndDeclaresTheFourFlows() {
        ActivePolicy policy = ActivePolicy.of(PolicyBundle.bundled());
        assertThat(policy.flows()).containsOnlyKeys("public-content", "aggregate-metrics", "trust-and-safety",
                "model-telemetry");
        assertThat(policy.version()).matches("sha256:[0-9a-f]{64}");
        assertThat(policy.budget("owner-analytics")).isEqualTo(Epsilon.parse("10"));
        assertThat(policy.budget("nobody")).isEqualTo(Epsilon.ZERO);
    }

    @Test
    void fromDirectory_readsPolicyFilesOnly_andHasTheSameVersionForTheSameText(@TempDir Path dir)
            throws IOException {
        assertThatThrownBy(() -> PolicyBundle.fromDirectory(dir)).hasMessageContaining("no policy files");
        for (var file : PolicyBundle.bundled().files().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(dir.resolve("README.md"), "not a policy file");
        assertThat(PolicyBundle.fromDirectory(dir).version()).isEqualTo(PolicyBundle.bundled().version());
    }

    @Test
    void version_changesWithAnyByte() {
        PolicyBundle bundled = PolicyBundle.bundled();
        String cedar = bundled.files().get("owner.cedar");
        assertThat(with("owner.cedar", cedar + " ").version()).isNotEqualTo(bundled.version());
        assertThat(PolicyBundle.bundled().version()).isEqualTo(bundled.version());
    }

    @Test
    void protectedFieldDeclaredAsPass_isRefusedNamingFileAndRule() {
        String text = PolicyBundle.bundled().files().get("trust-and-safety.flow.json")
                .replace("\"likers\": \"pseudonymise\"", "\"likers\": \"pass\"");
        assertThatThrownBy(() -> ActivePolicy.of(with("trust-and-safety.flow.json", text)))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("trust-and-safety.flow.json")
                .hasMessageContaining("PROTECTED fields leave only pseudonymised or aggregated");
    }

    @Test
    void unknownMemberKindOrField_isRefused() {
        String base = PolicyBundle.bundled().files().get("public-content.flow.json");
        assertThatThrownBy(() -> ActivePolicy.of(with("public-content.flow.json",
                base.replace("\"maxRowsPerCall\"", "\"maxRowPerCall\""))))
                .hasMessageContaining("unknown member \"maxRowPerCall\"");
        assertThatThrownBy(() -> ActivePolicy.of(with("public-content.flow.json",
                base.replace("\"kind\": \"public-content\"", "\"kind\": \"raw-dump\""))))
                .hasMessageContaining("unknown kind");
        assertThatThrownBy(() -> ActivePolicy.of(with("public-content.flow.json",
                base.replace("\"video_id\": \"pass\"", "\"email\": \"pass\""))))
                .hasMessageContaining("has no field \"email\"");
    }

    @Test
    void aggregateWithoutBudgetOrThreshold_isRefused() {
        assertThatThrownBy(() -> ActivePolicy.of(with("budgets.json", "{}")))
                .hasMessageContaining("has no budget");
        String base = PolicyBundle.bundled().files().get("aggregate-metrics.flow.json");
        assertThatThrownBy(() -> ActivePolicy.of(with("aggregate-metrics.flow.json",
                base.replace("\"minGroupSize\": 20", "\"minGroupSize\": 0"))))
                .hasMessageContaining("minGroupSize >= 1");
    }

    @Test
    void invalidCedar_isRefused() {
        assertThatThrownBy(() -> ActivePolicy.of(with("extra.cedar", "permit (principal, action, resource")))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("not valid Cedar");
    }

    @Test
    void cedar_permitsDeclaredRecipientAndDeniesOthers() {
        CedarPolicies cedar = ActivePolicy.of(PolicyBundle.bundled()).cedar();
        assertThat(cedar.permits("owner-sync", "public-content", "public-videos", List.of("video_id"), 0)).isTrue();
        assertThat(cedar.permits("owner-analytics", "public-content", "public-videos", List.of("video_id"), 0))
                .isFalse();
        assertThat(cedar.permits("owner-analytics", "aggregate-metrics", "activity", List.of("day", "dau"), 31))
                .isTrue();
        assertThat(cedar.permits("owner-analytics", "aggregate-metrics", "activity", List.of("day", "dau"), 32))
                .isFalse();
    }

    @Test
    void cedar_rememberedDecisions_matchTheEngineWhateverTheFieldOrder() {
        CedarPolicies cedar = ActivePolicy.of(PolicyBundle.bundled()).cedar();
        for (int i = 0; i < 3; i++) {
            assertThat(cedar.permits("owner-sync", "public-content", "public-videos", List.of("likers", "video_id"), 0))
                    .isEqualTo(cedar.evaluate("owner-sync", "public-content", "public-videos",
                            List.of("video_id", "likers"), 0))
                    .isFalse();
            assertThat(cedar.permits("owner-sync", "public-content", "public-videos", List.of("caption"), 0)).isTrue();
        }
    }

    @Test
    void cedar_forbidOverridesPermit_likersOnlyToTrustAndSafety() {
        CedarPolicies cedar = ActivePolicy.of(PolicyBundle.bundled()).cedar();
        assertThat(cedar.permits("owner-trust-safety", "trust-and-safety", "public-videos",
                List.of("video_id", "likers"), 0)).isTrue();
        assertThat(cedar.permits("owner-sync", "public-content", "public-videos", List.of("video_id", "likers"), 0))
                .isFalse();
    }
}
