package org.custos.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.custos.vault.Principal;

/**
 * The approval statement: an in-toto Statement v1 whose subject is the bundle (file name and SHA-256) and whose
 * predicate is SLSA Provenance v1 describing the custodian's reproducible rebuild and review. docs/release.md shows
 * a whole example, byte for byte.
 *
 * <ul>
 *   <li>{@code buildDefinition.buildType}: the hermetic builder's type; {@code externalParameters}: the source
 *       archive (name and digest) and the recipe the builder read; {@code internalParameters}: the release id, the
 *       custodian's review (approving reviewers as principals, required approvals, the submitter, the notes'
 *       commitment) and the rebuild's result; {@code resolvedDependencies}: the source archive, then every locked
 *       dependency with its SHA-256.
 *   <li>{@code runDetails.builder.id}: the builder; {@code metadata}: the rebuild's invocation id
 *       ({@code <release id>/rebuild/<n>}) and its start and end (RFC 3339, UTC, milliseconds).
 * </ul>
 */
final class ProvenanceStatement {
    static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    static final String PROVENANCE = "https://slsa.dev/provenance/v1";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ProvenanceStatement() {
    }

    /** What a rebuild contributes to the statement. */
    record Build(long number, Sha256Digest rebuiltDigest, Map<String, String> recipe,
                 List<Rebuilder.Dependency> dependencies, String runtime, String builderId, String buildType,
                 Instant startedOn, Instant finishedOn) {}

    /** The canonical JSON bytes of the statement approving {@code release} after {@code build}. */
    static byte[] payload(Release release, List<Principal> approvers, Build build) {
        ObjectNode statement = JSON.objectNode();
        statement.put("_type", STATEMENT_TYPE);
        ArrayNode subject = statement.putArray("subject");
        subject.add(descriptor(release.fileName(), release.artifactDigest()));
        statement.put("predicateType", PROVENANCE);
        ObjectNode predicate = statement.putObject("predicate");

        ObjectNode definition = predicate.putObject("buildDefinition");
        definition.put("buildType", build.buildType());
        ObjectNode external = definition.putObject("externalParameters");
        external.set("source", descriptor(sourceName(release), release.sourceDigest()));
        ObjectNode recipe = external.putObject("recipe");
        build.recipe().forEach(recipe::put);
        ObjectNode internal = definition.putObject("internalParameters");
        internal.put("release", release.id());
        ObjectNode review = internal.putObject("review");
        ArrayNode reviewers = review.putArray("reviewers");
        approvers.forEach(p -> reviewers.add(p.toString()));
        review.put("requiredApprovals", release.requiredReviews());
        review.put("submitter", release.submitter().toString());
        review.put("notes", release.notesCommitment().toString());
        ObjectNode rebuild = internal.putObject("rebuild");
        rebuild.set("artifact", digest(build.rebuiltDigest()));
        rebuild.put("matched", build.rebuiltDigest().equals(release.artifactDigest()));
        rebuild.put("runtime", build.runtime());
        ArrayNode resolved = definition.putArray("resolvedDependencies");
        resolved.add(descriptor(sourceName(release), release.sourceDigest()));
        for (Rebuilder.Dependency dependency : build.dependencies()) {
            ObjectNode d = descriptor(dependency.name(), dependency.digest());
            if (!dependency.uri().isEmpty()) {
                d.put("uri", dependency.uri());
            }
            resolved.add(d);
        }

        ObjectNode run = predicate.putObject("runDetails");
        run.putObject("builder").put("id", build.builderId());
        ObjectNode metadata = run.putObject("metadata");
        metadata.put("invocationId", release.id() + "/rebuild/" + build.number());
        metadata.put("startedOn", time(build.startedOn()));
        metadata.put("finishedOn", time(build.finishedOn()));
        return CanonicalJson.bytes(statement);
    }

    /** The subjects and release id of a statement, after its envelope verified. */
    record Subjects(String releaseId, List<Map.Entry<String, Sha256Digest>> subjects) {}

    /**
     * Reads an envelope's statement: the payload type must be in-toto, the statement v1 with a SLSA v1 predicate.
     *
     * @throws InvalidStatementException saying what is wrong
     */
    static Subjects read(DsseEnvelope envelope) throws InvalidStatementException {
        if (!DsseEnvelope.IN_TOTO.equals(envelope.payloadType())) {
            throw new InvalidStatementException("the envelope's payload type is " + envelope.payloadType()
                    + ", not " + DsseEnvelope.IN_TOTO);
        }
        JsonNode root;
        try {
            root = CanonicalJson.parseCanonical(envelope.payload());
        } catch (IOException e) {
            throw new InvalidStatementException("the statement is not canonical JSON: " + e.getMessage(), e);
        }
        if (!STATEMENT_TYPE.equals(root.path("_type").asText()) || !PROVENANCE.equals(root.path("predicateType")
                .asText())) {
            throw new InvalidStatementException("the payload is not an in-toto Statement v1 with SLSA provenance v1");
        }
        List<Map.Entry<String, Sha256Digest>> subjects = new ArrayList<>();
        for (JsonNode s : root.path("subject")) {
            try {
                subjects.add(Map.entry(s.path("name").asText(), new Sha256Digest(s.path("digest").path("sha256")
                        .asText())));
            } catch (IllegalArgumentException e) {
                throw new InvalidStatementException("a subject has no valid sha256 digest", e);
            }
        }
        if (subjects.isEmpty()) {
            throw new InvalidStatementException("the statement has no subject");
        }
        String release = root.path("predicate").path("buildDefinition").path("internalParameters").path("release")
                .asText("");
        return new Subjects(release, subjects);
    }

    static String sourceName(Release release) {
        return release.bundleName() + "-sources.zip";
    }

    private static ObjectNode descriptor(String name, Sha256Digest digest) {
        ObjectNode node = JSON.objectNode();
        node.put("name", name);
        node.set("digest", digest(digest));
        return node;
    }

    private static ObjectNode digest(Sha256Digest digest) {
        ObjectNode node = JSON.objectNode();
        node.put("sha256", digest.hex());
        return node;
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
