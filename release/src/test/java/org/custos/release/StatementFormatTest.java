package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.custos.vault.Principal;
import org.junit.jupiter.api.Test;

/**
 * The approval statement, byte for byte: fixed inputs and a fixed Ed25519 key (Ed25519 signatures are
 * deterministic) give exactly the envelope shown in docs/release.md.
 */
class StatementFormatTest {
    static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"; // RFC 8032 test 1

    static final class FixedKey implements ReleaseSigner {
        private final KeyPair pair;

        FixedKey() throws GeneralSecurityException {
            byte[] seed = HexFormat.of().parseHex(SEED);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] out) {
                    System.arraycopy(seed, 0, out, 0, out.length);
                }
            });
            pair = generator.generateKeyPair();
        }

        @Override
        public PublicKey publicKey() {
            return pair.getPublic();
        }

        @Override
        public byte[] sign(byte[] message) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(pair.getPrivate());
                s.update(message);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final Sha256Digest ARTIFACT = Sha256Digest.ofText("example artifact");
    static final Sha256Digest SOURCE = Sha256Digest.ofText("example source archive");

    static String example() throws Exception {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        Release release = new Release(ARTIFACT.releaseId(), ARTIFACT, SOURCE, "foryou-engine",
                "org.custos.recsys.engine.EngineMain", 1, Principal.operator("operator-3"), "notes",
                Sha256Digest.ofText("notes"), 2, ReleaseState.SUBMITTED, List.of(), Optional.empty(), at,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalLong.empty());
        java.util.SortedMap<String, String> recipe = HermeticRebuilder.recipe(new org.custos.release.build.Recipe(
                "foryou-engine", "org.custos.recsys.engine.EngineMain", 1, 25,
                List.of("recsys-api/src/main/java", "recsys-engine/src/main/java"),
                List.of("-encoding", "UTF-8", "-proc:none"), Instant.parse("2026-01-01T00:00:00Z"), "25.0.1+8-LTS"));
        ProvenanceStatement.Build build = new ProvenanceStatement.Build(7, ARTIFACT, recipe,
                List.of(new Rebuilder.Dependency("org.apache.lucene:lucene-core:10.3.2",
                        "pkg:maven/org.apache.lucene/lucene-core@10.3.2", Sha256Digest.ofText("lucene-core"))),
                "25.0.1+8-LTS", HermeticRebuilder.BUILDER_ID, HermeticRebuilder.BUILD_TYPE,
                Instant.parse("2026-12-01T09:58:00.250Z"), Instant.parse("2026-12-01T09:58:41.125Z"));
        byte[] payload = ProvenanceStatement.payload(release, List.of(Principal.operator("operator-4"),
                Principal.operator("operator-5")), build);
        return DsseEnvelope.sign(DsseEnvelope.IN_TOTO, payload, new FixedKey()).encode();
    }

    @Test
    void example_isByteExact() throws Exception {
        assertThat(ReleaseKeys.keyId(new FixedKey().publicKey()))
                .isEqualTo("06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9");
        String envelope = example();
        assertThat(envelope).isEqualTo(EXPECTED);
        assertThat(DsseEnvelope.parse(envelope).verifies(new FixedKey().publicKey())).isTrue();
        assertThat(new String(DsseEnvelope.parse(envelope).payload(), StandardCharsets.UTF_8)).isEqualTo(PAYLOAD);
    }

    static final String EXPECTED = "{\"payload\":\"eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjEiLCJwcmVkaWNhdGUiOnsiYnVpbGREZWZp"
            + "bml0aW9uIjp7ImJ1aWxkVHlwZSI6Imh0dHBzOi8vY3VzdG9zLmRldi9yZWxlYXNlL2hlcm1ldGljLWJ1aWxkL3YxIiwiZXh0ZXJu"
            + "YWxQYXJhbWV0ZXJzIjp7InJlY2lwZSI6eyJidW5kbGUubWFpbi1jbGFzcyI6Im9yZy5jdXN0b3MucmVjc3lzLmVuZ2luZS5Fbmdp"
            + "bmVNYWluIiwiYnVuZGxlLm5hbWUiOiJmb3J5b3UtZW5naW5lIiwiYnVuZGxlLnByb3RvY29sLXZlcnNpb24iOiIxIiwiamF2YWMu"
            + "b3B0aW9ucyI6Ii1lbmNvZGluZyBVVEYtOCAtcHJvYzpub25lIiwiamF2YWMucmVsZWFzZSI6IjI1IiwiamRrLmV4cGVjdGVkIjoi"
            + "MjUuMC4xKzgtTFRTIiwib3V0cHV0LnRpbWVzdGFtcCI6IjIwMjYtMDEtMDFUMDA6MDA6MDBaIiwic291cmNlLnJvb3RzIjoicmVj"
            + "c3lzLWFwaS9zcmMvbWFpbi9qYXZhIHJlY3N5cy1lbmdpbmUvc3JjL21haW4vamF2YSJ9LCJzb3VyY2UiOnsiZGlnZXN0Ijp7InNo"
            + "YTI1NiI6IjM1OGYxMzVhZDVmM2RkOWNiNjFiNDEwOWE5MTU5MWNjN2VmOTc0MTJjNTMyYmFhOWJiYjViMmZkZDhlNTkwMmQifSwi"
            + "bmFtZSI6ImZvcnlvdS1lbmdpbmUtc291cmNlcy56aXAifX0sImludGVybmFsUGFyYW1ldGVycyI6eyJyZWJ1aWxkIjp7ImFydGlm"
            + "YWN0Ijp7InNoYTI1NiI6ImUzZWMzNTY1MTY5NmQwNjEwYzBkODBhN2MyMjhmODBmMzQ4MGYzNDIwYjU1ZGRhNWFmNzFkMDQwYWI4"
            + "NDVlOTQifSwibWF0Y2hlZCI6dHJ1ZSwicnVudGltZSI6IjI1LjAuMSs4LUxUUyJ9LCJyZWxlYXNlIjoicmVsLWUzZWMzNTY1MTY5"
            + "NmQwNjEiLCJyZXZpZXciOnsibm90ZXMiOiJzaGEyNTY6YWI1YWE5NzA3NGM0NTRhMDYzMjA1N2U3MDQyMjBkOWE2Njc4ZmJmNzcz"
            + "YTBhNTgwNmZjMDliODE3M2IwNzMwOSIsInJlcXVpcmVkQXBwcm92YWxzIjoyLCJyZXZpZXdlcnMiOlsib3BlcmF0b3I6b3BlcmF0"
            + "b3ItNCIsIm9wZXJhdG9yOm9wZXJhdG9yLTUiXSwic3VibWl0dGVyIjoib3BlcmF0b3I6b3BlcmF0b3ItMyJ9fSwicmVzb2x2ZWRE"
            + "ZXBlbmRlbmNpZXMiOlt7ImRpZ2VzdCI6eyJzaGEyNTYiOiIzNThmMTM1YWQ1ZjNkZDljYjYxYjQxMDlhOTE1OTFjYzdlZjk3NDEy"
            + "YzUzMmJhYTliYmI1YjJmZGQ4ZTU5MDJkIn0sIm5hbWUiOiJmb3J5b3UtZW5naW5lLXNvdXJjZXMuemlwIn0seyJkaWdlc3QiOnsi"
            + "c2hhMjU2IjoiMzNkMTk4YWNiMGFjODg1MGZkOTM0NzAwZTljZDQxMWQyNGY0NzI2ZjAyN2EwYjM0ZjkwODI0ZWQ0YTMwODM4MyJ9"
            + "LCJuYW1lIjoib3JnLmFwYWNoZS5sdWNlbmU6bHVjZW5lLWNvcmU6MTAuMy4yIiwidXJpIjoicGtnOm1hdmVuL29yZy5hcGFjaGUu"
            + "bHVjZW5lL2x1Y2VuZS1jb3JlQDEwLjMuMiJ9XX0sInJ1bkRldGFpbHMiOnsiYnVpbGRlciI6eyJpZCI6Imh0dHBzOi8vY3VzdG9z"
            + "LmRldi9yZWxlYXNlL2hlcm1ldGljLWJ1aWxkZXIifSwibWV0YWRhdGEiOnsiZmluaXNoZWRPbiI6IjIwMjYtMTItMDFUMDk6NTg6"
            + "NDEuMTI1WiIsImludm9jYXRpb25JZCI6InJlbC1lM2VjMzU2NTE2OTZkMDYxL3JlYnVpbGQvNyIsInN0YXJ0ZWRPbiI6IjIwMjYt"
            + "MTItMDFUMDk6NTg6MDAuMjUwWiJ9fX0sInByZWRpY2F0ZVR5cGUiOiJodHRwczovL3Nsc2EuZGV2L3Byb3ZlbmFuY2UvdjEiLCJz"
            + "dWJqZWN0IjpbeyJkaWdlc3QiOnsic2hhMjU2IjoiZTNlYzM1NjUxNjk2ZDA2MTBjMGQ4MGE3YzIyOGY4MGYzNDgwZjM0MjBiNTVk"
            + "ZGE1YWY3MWQwNDBhYjg0NWU5NCJ9LCJuYW1lIjoiZm9yeW91LWVuZ2luZS5qYXIifV19\",\"payloadType\":\"application/vnd"
            + ".in-toto+json\",\"signatures\":[{\"keyid\":\"06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792"
            + "fa9\",\"sig\":\"zwSz4jgM8e8Nwg5/aJji/tiY7UbDAX6OVxoMY8vXDknNah691c/4TONSycxO0sFQgGQyDkKtJesLI6Y8YxvvAQ=="
            + "\"}]}";
    static final String PAYLOAD = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicate\":{\"buildDefinition\":{\"buildType\":\"https://cust"
            + "os.dev/release/hermetic-build/v1\",\"externalParameters\":{\"recipe\":{\"bundle.main-class\":\"org.custos.re"
            + "csys.engine.EngineMain\",\"bundle.name\":\"foryou-engine\",\"bundle.protocol-version\":\"1\",\"javac.options\":"
            + "\"-encoding UTF-8 -proc:none\",\"javac.release\":\"25\",\"jdk.expected\":\"25.0.1+8-LTS\",\"output.timestamp\":\""
            + "2026-01-01T00:00:00Z\",\"source.roots\":\"recsys-api/src/main/java recsys-engine/src/main/java\"},\"source"
            + "\":{\"digest\":{\"sha256\":\"358f135ad5f3dd9cb61b4109a91591cc7ef97412c532baa9bbb5b2fdd8e5902d\"},\"name\":\"fo"
            + "ryou-engine-sources.zip\"}},\"internalParameters\":{\"rebuild\":{\"artifact\":{\"sha256\":\"e3ec35651696d0610c"
            + "0d80a7c228f80f3480f3420b55dda5af71d040ab845e94\"},\"matched\":true,\"runtime\":\"25.0.1+8-LTS\"},\"release\":"
            + "\"rel-e3ec35651696d061\",\"review\":{\"notes\":\"sha256:ab5aa97074c454a0632057e704220d9a6678fbf773a0a5806fc"
            + "09b8173b07309\",\"requiredApprovals\":2,\"reviewers\":[\"operator:operator-4\",\"operator:operator-5\"],\"subm"
            + "itter\":\"operator:operator-3\"}},\"resolvedDependencies\":[{\"digest\":{\"sha256\":\"358f135ad5f3dd9cb61b4109"
            + "a91591cc7ef97412c532baa9bbb5b2fdd8e5902d\"},\"name\":\"foryou-engine-sources.zip\"},{\"digest\":{\"sha256\":\""
            + "33d198acb0ac8850fd934700e9cd411d24f4726f027a0b34f90824ed4a308383\"},\"name\":\"org.apache.lucene:lucene-"
            + "core:10.3.2\",\"uri\":\"pkg:maven/org.apache.lucene/lucene-core@10.3.2\"}]},\"runDetails\":{\"builder\":{\"id\""
            + ":\"https://custos.dev/release/hermetic-builder\"},\"metadata\":{\"finishedOn\":\"2026-12-01T09:58:41.125Z\","
            + "\"invocationId\":\"rel-e3ec35651696d061/rebuild/7\",\"startedOn\":\"2026-12-01T09:58:00.250Z\"}}},\"predicate"
            + "Type\":\"https://slsa.dev/provenance/v1\",\"subject\":[{\"digest\":{\"sha256\":\"e3ec35651696d0610c0d80a7c228f"
            + "80f3480f3420b55dda5af71d040ab845e94\"},\"name\":\"foryou-engine.jar\"}]}";
}
