package org.custos.release;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** The release gate's HTTP API under {@code /v1/releases} (docs/release.md, "HTTP API"). */
final class ReleaseRoutes {
    private static final Pattern ID = Pattern.compile("rel-[0-9a-f]{16}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int DEFAULT_LIMIT = 50;

    private final ReleaseGate gate;
    private final Callers callers;

    ReleaseRoutes(ReleaseGate gate, Callers callers) {
        this.gate = gate;
        this.callers = callers;
    }

    void register(HttpRules rules) {
        // Literal paths first: "blobs", "signing-key" and "deployment" are never release ids.
        rules.get("/v1/releases/signing-key", this::signingKey)
                .put("/v1/releases/blobs/{digest}", this::putBlob)
                .get("/v1/releases/deployment", this::deployment)
                .post("/v1/releases", this::submit)
                .get("/v1/releases", this::list)
                .get("/v1/releases/{id}", this::show)
                .get("/v1/releases/{id}/diff", this::diff)
                .get("/v1/releases/{id}/statement", this::statement)
                .get("/v1/releases/{id}/artifact", (req, res) -> blob(req, res, true))
                .get("/v1/releases/{id}/source", (req, res) -> blob(req, res, false))
                .post("/v1/releases/{id}/rebuild", this::rebuild)
                .post("/v1/releases/{id}/reviews", this::review)
                .post("/v1/releases/{id}/revoke", this::revoke)
                .post("/v1/releases/{id}/deploy", this::deploy);
    }

    private void signingKey(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "application/x-pem-file");
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        response.send(gate.signingKeyPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private void putBlob(ServerRequest request, ServerResponse response) {
        require(request, ReleaseRole.SUBMITTER);
        String hex = request.path().pathParameters().get("digest");
        if (!HEX.matcher(hex).matches()) {
            throw ReleaseException.invalid(Map.of("digest", "the path ends in the blob's SHA-256 as 64 lower-case"
                    + " hex digits"));
        }
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > gate.settings().maxBlobBytes()) {
            throw ReleaseException.of(ReleaseProblem.PAYLOAD_TOO_LARGE, "a blob holds at most "
                    + gate.settings().maxBlobBytes() + " bytes; nothing was stored");
        }
        BlobStore.Stored stored;
        try (InputStream in = request.content().inputStream()) {
            stored = gate.putBlob(in, Optional.of(new Sha256Digest(hex)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the blob failed", e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("digest", stored.digest().toString());
        out.put("size", stored.size());
        Json.send(response, stored.created() ? Status.CREATED_201 : Status.OK_200, out);
    }

    private void submit(ServerRequest request, ServerResponse response) {
        Caller caller = require(request, ReleaseRole.SUBMITTER);
        Forms.Submission form = Forms.submission(Forms.body(request));
        ReleaseStore.Submitted submitted = gate.submitted(form.artifact(), form.source(), form.notes(),
                caller.principal(), gate.settings().requiredReviews());
        response.header(HeaderNames.LOCATION, "/v1/releases/" + submitted.release().id());
        Json.send(response, submitted.created() ? Status.CREATED_201 : Status.OK_200, view(submitted.release()));
    }

    private void list(ServerRequest request, ServerResponse response) {
        reader(request);
        Map<String, String> errors = new LinkedHashMap<>();
        var query = request.query();
        Optional<ReleaseState> state = query.first("state").asOptional().flatMap(s -> {
            try {
                return Optional.of(ReleaseState.ofWireName(s));
            } catch (IllegalArgumentException e) {
                errors.put("state", "one of submitted, approved, rejected, revoked");
                return Optional.empty();
            }
        });
        int limit = DEFAULT_LIMIT;
        Optional<String> rawLimit = query.first("limit").asOptional();
        if (rawLimit.isPresent()) {
            if (rawLimit.get().matches("[1-9][0-9]{0,2}") && Integer.parseInt(rawLimit.get()) <= 500) {
                limit = Integer.parseInt(rawLimit.get());
            } else {
                errors.put("limit", "must be a whole number from 1 to 500");
            }
        }
        if (!errors.isEmpty()) {
            throw ReleaseException.invalid(errors);
        }
        Json.send(response, Status.OK_200, Map.of("items", gate.list(state, limit).stream().map(ReleaseRoutes::view)
                .toList()));
    }

    private void show(ServerRequest request, ServerResponse response) {
        reader(request);
        Json.send(response, Status.OK_200, view(gate.require(id(request))));
    }

    private void diff(ServerRequest request, ServerResponse response) {
        reader(request);
        ReleaseDiff diff = gate.diff(id(request));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("release", diff.releaseId());
        out.put("base", diff.baseRelease().orElse(null));
        out.put("added", diff.added());
        out.put("removed", diff.removed());
        out.put("changed", diff.changed());
        out.put("diffs", diff.diffs().stream().map(d -> Map.of("path", d.path(), "kind", d.kind(), "unified",
                d.unified())).toList());
        out.put("truncated", diff.truncated());
        Json.send(response, Status.OK_200, out);
    }

    private void statement(ServerRequest request, ServerResponse response) {
        reader(request);
        Release release = gate.require(id(request));
        String statement = release.statement().orElseThrow(() -> ReleaseException.of(ReleaseProblem.NOT_FOUND,
                "Release " + release.id() + " is " + release.state().wireName() + " and has no approval statement."));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(statement.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void blob(ServerRequest request, ServerResponse response, boolean artifact) {
        reader(request);
        Release release = gate.require(id(request));
        Path file = gate.blob(artifact ? release.artifactDigest() : release.sourceDigest());
        response.header(HeaderNames.CONTENT_TYPE, artifact ? "application/java-archive" : "application/zip");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header("Digest", "sha-256=" + java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of()
                .parseHex((artifact ? release.artifactDigest() : release.sourceDigest()).hex())));
        try (InputStream in = Files.newInputStream(file); OutputStream out = response.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("sending a blob failed", e);
        }
    }

    private void rebuild(ServerRequest request, ServerResponse response) {
        Caller caller = operator(request);
        if (!caller.has(ReleaseRole.REVIEWER) && !caller.has(ReleaseRole.ADMIN)) {
            throw ReleaseException.of(ReleaseProblem.FORBIDDEN, "Rebuilding needs the release role REVIEWER or "
                    + "ADMIN.");
        }
        Json.send(response, Status.OK_200, rebuildView(gate.rebuild(id(request), caller.principal())));
    }

    private void review(ServerRequest request, ServerResponse response) {
        Caller caller = require(request, ReleaseRole.REVIEWER);
        String id = id(request);
        Forms.ReviewForm form = Forms.review(Forms.body(request));
        Json.send(response, Status.OK_200, view(gate.review(id, caller.principal(), form.verdict(), form.findings(),
                form.reason())));
    }

    private void revoke(ServerRequest request, ServerResponse response) {
        Caller caller = require(request, ReleaseRole.ADMIN);
        String id = id(request);
        ReasonCode reason = Forms.revocation(Forms.body(request));
        Json.send(response, Status.OK_200, view(gate.revoke(id, caller.principal(), reason)));
    }

    private void deploy(ServerRequest request, ServerResponse response) {
        Caller caller = require(request, ReleaseRole.ADMIN);
        Json.send(response, Status.OK_200, deploymentView(gate.deploy(id(request), caller.principal())));
    }

    private void deployment(ServerRequest request, ServerResponse response) {
        reader(request);
        Deployment deployment = gate.deployed().orElseThrow(() -> ReleaseException.of(ReleaseProblem.NOT_FOUND,
                "No approved release is deployed."));
        Json.send(response, Status.OK_200, deploymentView(deployment));
    }

    static Map<String, Object> view(Release r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("state", r.state().wireName());
        out.put("artifact", r.artifactDigest().toString());
        out.put("source", r.sourceDigest().toString());
        out.put("bundle", r.fileName());
        out.put("mainClass", r.mainClass());
        out.put("protocolVersion", r.protocolVersion());
        out.put("submitter", r.submitter().toString());
        out.put("submittedAt", r.submittedAt().toString());
        out.put("notes", r.notes());
        out.put("notesCommitment", r.notesCommitment().toString());
        out.put("requiredReviews", r.requiredReviews());
        out.put("reviews", r.reviews().stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reviewer", v.reviewer().toString());
            m.put("verdict", v.verdict().code());
            m.put("findings", v.findings());
            m.put("findingsCommitment", v.findingsCommitment().toString());
            m.put("reason", v.reason().isEmpty() ? null : v.reason());
            m.put("at", v.at().toString());
            return m;
        }).toList());
        out.put("rebuild", r.rebuild().map(ReleaseRoutes::rebuildView).orElse(null));
        out.put("approvedAt", r.approvedAt().map(Object::toString).orElse(null));
        out.put("closedBy", r.closedBy().map(Object::toString).orElse(null));
        out.put("closedReason", r.closedReason().orElse(null));
        out.put("closedAt", r.closedAt().map(Object::toString).orElse(null));
        out.put("logIndex", r.logIndex().isPresent() ? r.logIndex().getAsLong() : null);
        return out;
    }

    static Map<String, Object> rebuildView(RebuildReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", report.number());
        out.put("rebuilt", report.rebuiltDigest().map(Object::toString).orElse(null));
        out.put("matches", report.matches());
        out.put("onlyInSubmitted", report.onlyInSubmitted());
        out.put("onlyInRebuilt", report.onlyInRebuilt());
        out.put("differing", report.differing());
        out.put("runtime", report.runtime());
        out.put("builder", report.builder());
        out.put("startedOn", report.startedOn().toString());
        out.put("finishedOn", report.finishedOn().toString());
        out.put("error", report.error().isEmpty() ? null : report.error());
        return out;
    }

    static Map<String, Object> deploymentView(Deployment d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("release", d.releaseId());
        out.put("artifact", d.artifactDigest().toString());
        out.put("previous", d.previousRelease().orElse(null));
        out.put("deployedBy", d.deployedBy().toString());
        out.put("deployedAt", d.deployedAt().toString());
        return out;
    }

    private Caller operator(ServerRequest request) {
        Caller caller = callers.identify(request).orElseThrow(() -> ReleaseException.of(
                ReleaseProblem.UNAUTHENTICATED, "Send a live operator token as 'Authorization: Bearer <token>'."));
        if (!caller.isOperator()) {
            throw ReleaseException.of(ReleaseProblem.FORBIDDEN, "The release gate is for operators.");
        }
        return caller;
    }

    private Caller reader(ServerRequest request) {
        Caller caller = operator(request);
        if (caller.roles().isEmpty()) {
            throw ReleaseException.of(ReleaseProblem.FORBIDDEN, "Reading releases needs a release role.");
        }
        return caller;
    }

    private Caller require(ServerRequest request, ReleaseRole role) {
        Caller caller = operator(request);
        if (!caller.has(role)) {
            throw ReleaseException.of(ReleaseProblem.FORBIDDEN, "This needs the release role " + role + ".");
        }
        return caller;
    }

    private static String id(ServerRequest request) {
        String raw = request.path().pathParameters().get("id");
        if (!ID.matcher(raw).matches()) {
            throw ReleaseException.of(ReleaseProblem.NOT_FOUND, "There is no release with that id (rel- and 16 "
                    + "lower-case hex digits).");
        }
        return raw;
    }
}
