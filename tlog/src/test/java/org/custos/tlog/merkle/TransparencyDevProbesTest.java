package org.custos.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.custos.tlog.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The transparency-dev/merkle inclusion and consistency probes, positive and negative. */
class TransparencyDevProbesTest {

    @TestFactory
    Stream<DynamicTest> verifyInclusion_probe_matchesExpectedOutcome() throws IOException {
        return probes("transparency-dev-merkle/inclusion").map(file -> DynamicTest.dynamicTest(name(file), () -> {
            JsonNode probe = Vectors.json(file);
            String rawIndex = probe.get("leafIdx").asText();
            long index = Long.parseUnsignedLong(rawIndex);
            boolean failed = fails(() -> ProofVerifier.verifyInclusion(index, probe.get("treeSize").asLong(),
                    bytes(probe.get("leafHash")), hashes(probe.get("proof")), bytes(probe.get("root"))));
            assertThat(failed).as(probe.get("desc").asText()).isEqualTo(probe.get("wantErr").asBoolean());
        }));
    }

    @TestFactory
    Stream<DynamicTest> verifyConsistency_probe_matchesExpectedOutcome() throws IOException {
        return probes("transparency-dev-merkle/consistency").map(file -> DynamicTest.dynamicTest(name(file), () -> {
            JsonNode probe = Vectors.json(file);
            boolean failed = fails(() -> ProofVerifier.verifyConsistency(probe.get("size1").asLong(),
                    probe.get("size2").asLong(), hashes(probe.get("proof")), bytes(probe.get("root1")),
                    bytes(probe.get("root2"))));
            assertThat(failed).as(probe.get("desc").asText()).isEqualTo(probe.get("wantErr").asBoolean());
        }));
    }

    private interface Check {
        void run() throws ProofException;
    }

    private static boolean fails(Check check) {
        try {
            check.run();
            return false;
        } catch (ProofException e) {
            return true;
        }
    }

    private static Stream<Path> probes(String dir) throws IOException {
        try (Stream<Path> walk = Files.walk(Vectors.dir(dir))) {
            return walk.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    private static String name(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }

    static byte[] bytes(JsonNode node) {
        return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asText());
    }

    static List<byte[]> hashes(JsonNode node) {
        List<byte[]> out = new ArrayList<>();
        if (node != null && !node.isNull()) {
            node.forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
        }
        return out;
    }
}
