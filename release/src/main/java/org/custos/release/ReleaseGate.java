package org.custos.release;

import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.custos.release.build.BuildFailedException;
import org.custos.release.build.DependencyStore;
import org.custos.release.build.LockFile;
import org.custos.release.build.Recipe;
import org.custos.tlog.note.VerifierKey;
import org.custos.tlog.verify.LogSource;
import org.custos.vault.Migrations;
import org.custos.vault.Principal;
import org.custos.vault.Vault;

/**
 * The release gate (invariant 5: code runs in the boundary only if its artifact is signed by the custodian and its
 * release is in the log). Owner engineers submit an algorithm bundle with its source archive and notes; custodian
 * reviewers review it (the configured number of distinct reviewers, never the submitter); the custodian rebuilds
 * it from source, offline, and an approval needs the rebuild to match byte for byte; the approval is an in-toto
 * statement with SLSA provenance in a DSSE envelope signed with the release key, logged as the APPROVED step; the
 * server admits an artifact only when all of that checks out against the public log. docs/release.md has the
 * formats and the rules.
 *
 * <p>Every state change commits its {@code ReleaseStep} audit event in the same transaction; every admission
 * decision is an {@code EngineEvent} (ADMITTED or REFUSED with its reason code).
 *
 * <p>Wiring: {@link #create} after the vault (it applies its own migrations, {@code db/release}), {@link #register}
 * on the server's routing, {@link #close} before the vault and the data source. Thread-safe.
 */
public final class ReleaseGate implements AutoCloseable {
    /** The service principal that ships the project's own default algorithm ({@link #bootstrap}). */
    public static final Principal BOOTSTRAP = Principal.service("release-bootstrap");
    static final int MAX_NOTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(ReleaseGate.class.getName());

    private final ReleaseSettings settings;
    private final ReleaseStore store;
    private final BlobStore blobs;
    private final Rebuilder rebuilder;
    private final ReleaseSigner signer;
    private final Admission admission;
    private final ReleaseRoutes routes;
    private final ExecutorService rebuilds;
    private final List<ReleaseListener> listeners = new CopyOnWriteArrayList<>();

    private ReleaseGate(DataSource dataSource, Vault vault, Clock clock, ReleaseSettings settings, Callers callers,
                        LogSource log, VerifierKey logKey, Rebuilder rebuilder, ReleaseSigner signer)
            throws IOException {
        this.settings = settings;
        this.store = new ReleaseStore(dataSource, vault, clock);
        this.blobs = new BlobStore(settings.blobDirectory());
        Files.createDirectories(settings.workDirectory());
        this.rebuilder = rebuilder;
        this.signer = signer;
        this.admission = new Admission(store, blobs, new LogReader(log, logKey), signer.publicKey(),
                settings.admissionWait());
        this.routes = new ReleaseRoutes(this, callers);
        // Builds are CPU-heavy: one at a time, on a platform thread, whatever number of requests ask.
        this.rebuilds = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "release-rebuild");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Applies the gate's migrations, opens (or creates) the release signing key and builds the gate, rebuilding
     * releases with the project's hermetic builder.
     *
     * @param log where the transparency log is read from for admission (its public directory or URL)
     * @param logKey the log's verifier key
     * @param dependencies where rebuilds find the jars the source archives' lock files pin (offline; for example
     *     {@code DependencyStore.mavenLocal(<~/.m2/repository>)}); every jar is checked against its SHA-256
     * @throws ReleaseSigningException if the signing key cannot be opened or created
     * @throws UncheckedIOException if the gate's directory cannot be created
     */
    public static ReleaseGate create(DataSource dataSource, Vault vault, Clock clock, ReleaseSettings settings,
                                     Callers callers, LogSource log, VerifierKey logKey,
                                     DependencyStore dependencies) {
        Objects.requireNonNull(dependencies, "dependencies");
        return create(dataSource, vault, clock, settings, callers, log, logKey, new HermeticRebuilder(dependencies));
    }

    static ReleaseGate create(DataSource dataSource, Vault vault, Clock clock, ReleaseSettings settings,
                              Callers callers, LogSource log, VerifierKey logKey, Rebuilder rebuilder) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(callers, "callers");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(logKey, "logKey");
        Migrations.apply(dataSource, "release");
        ReleaseSigner signer = ReleaseSigner.open(settings.signing());
        try {
            return new ReleaseGate(dataSource, vault, clock, settings, callers, log, logKey, rebuilder, signer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the release directory " + settings.directory(), e);
        }
    }

    /** Mounts the {@code /v1/releases/...} routes and the handler that answers release failures as problems. */
    public void register(HttpRouting.Builder routing) {
        routing.error(ReleaseException.class, ProblemResponder::problem);
        routes.register(routing);
    }

    public void addListener(ReleaseListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The release signing key's public half, which verifies every approval statement. */
    public PublicKey signingKey() {
        return signer.publicKey();
    }

    /** {@link #signingKey()} as PEM SubjectPublicKeyInfo, as {@code GET /v1/releases/signing-key} serves it. */
    public String signingKeyPem() {
        return ReleaseKeys.pem(signer.publicKey());
    }

    public ReleaseSettings settings() {
        return settings;
    }

    /**
     * Stores the bytes of {@code in} (at most {@link ReleaseSettings#maxBlobBytes()}) in the blob store; with
     * {@code expected}, only if they have that digest. Storing bytes already stored changes nothing.
     *
     * @throws ReleaseException {@link ReleaseProblem#PAYLOAD_TOO_LARGE} or {@link ReleaseProblem#DIGEST_MISMATCH}
     */
    public Sha256Digest storeBlob(InputStream in, Optional<Sha256Digest> expected) {
        return putBlob(in, expected).digest();
    }

    BlobStore.Stored putBlob(InputStream in, Optional<Sha256Digest> expected) {
        try {
            return blobs.put(in, settings.maxBlobBytes(), expected);
        } catch (BlobStore.RejectedBlobException e) {
            throw ReleaseException.of(e.tooLarge() ? ReleaseProblem.PAYLOAD_TOO_LARGE : ReleaseProblem.DIGEST_MISMATCH,
                    e.getMessage() + "; nothing was stored", e);
        } catch (IOException e) {
            throw ReleaseException.of(ReleaseProblem.UNAVAILABLE, "the blob store could not write: "
                    + e.getMessage() + "; nothing was stored", e);
        }
    }

    /** The verified path of a stored blob (an artifact or a source archive). */
    public Path blob(Sha256Digest digest) {
        try {
            return blobs.verified(digest);
        } catch (NoSuchFileException e) {
            throw ReleaseException.of(ReleaseProblem.NOT_FOUND, "the blob store has no blob " + digest, e);
        } catch (IOException e) {
            throw ReleaseException.of(ReleaseProblem.UNAVAILABLE, "the blob " + digest + " cannot be served: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The blob store's copy of release {@code id}'s artifact, re-hashed: what the supervisor hands to
     * {@link #admit(Path)} (or use {@link #admitRelease(String)} directly).
     *
     * @throws ReleaseException {@link ReleaseProblem#NOT_FOUND} when there is no such release or blob
     */
    public Path artifactPath(String id) {
        return blob(require(id).artifactDigest());
    }

    /** Submits the files at {@code artifact} and {@code sourceArchive} (stored in the blob store first). */
    public Release submit(Path artifact, Path sourceArchive, String notes, Principal submitter) {
        return submit(storeFile(artifact), storeFile(sourceArchive), notes, submitter);
    }

    /**
     * Submits a release of blobs already stored: validates the artifact (a jar whose manifest names a
     * {@code Main-Class} in the jar, a supported {@code Custos-Protocol-Version} and a {@code Custos-Bundle-Name})
     * and the source archive (a zip with {@code BUILD.properties} and {@code deps.lock}), then records it with a
     * SUBMITTED step. Submitting the same pair again returns the same release and changes nothing.
     *
     * @throws ReleaseException {@link ReleaseProblem#VALIDATION}, {@link ReleaseProblem#INVALID_ARTIFACT},
     *     {@link ReleaseProblem#INVALID_SOURCE} or {@link ReleaseProblem#SUBMISSION_CONFLICT}
     */
    public Release submit(Sha256Digest artifact, Sha256Digest sourceArchive, String notes, Principal submitter) {
        return submitted(artifact, sourceArchive, notes, submitter, settings.requiredReviews()).release();
    }

    ReleaseStore.Submitted submitted(Sha256Digest artifact, Sha256Digest source, String notes, Principal submitter,
                                     int requiredReviews) {
        checkNotes(notes);
        java.util.Map<String, String> errors = new java.util.LinkedHashMap<>();
        if (!blobs.contains(artifact)) {
            errors.put("artifact", "no blob " + artifact + "; upload it first (PUT /v1/releases/blobs/"
                    + artifact.hex() + ")");
        }
        if (!blobs.contains(source)) {
            errors.put("source", "no blob " + source + "; upload it first (PUT /v1/releases/blobs/"
                    + source.hex() + ")");
        }
        if (!errors.isEmpty()) {
            throw ReleaseException.invalid(errors);
        }
        BundleManifest manifest = BundleManifest.read(blob(artifact), settings.protocolVersions());
        checkSource(blob(source));
        return store.submit(new ReleaseStore.Submission(artifact, source, manifest, notes, submitter,
                requiredReviews));
    }

    public Optional<Release> find(String id) {
        return store.find(id);
    }

    /** Newest first, at most {@code limit} (1 to 500), optionally of one state. */
    public List<Release> list(Optional<ReleaseState> state, int limit) {
        if (limit < 1 || limit > 500) {
            throw ReleaseException.invalid(java.util.Map.of("limit", "must be 1 to 500"));
        }
        return store.list(state, limit);
    }

    /** What changed in the release's source archive since the last approved release. */
    public ReleaseDiff diff(String id) {
        Release release = require(id);
        Optional<Release> base = store.lastApprovedOtherThan(id);
        try {
            return SourceDiffer.diff(id, base.map(Release::id), base.map(b -> blob(b.sourceDigest())),
                    blob(release.sourceDigest()), settings.maxDiffBytes());
        } catch (IOException e) {
            throw ReleaseException.of(ReleaseProblem.UNAVAILABLE, "cannot read the source archives: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds the release from its source archive, offline, compares the result with the submitted artifact and
     * stores the outcome (a failed build too). One rebuild runs at a time.
     */
    public RebuildReport rebuild(String id, Principal by) {
        Release release = require(id);
        if (release.state() != ReleaseState.SUBMITTED && release.state() != ReleaseState.APPROVED) {
            throw ReleaseException.of(ReleaseProblem.RELEASE_CLOSED, "Release " + id + " is "
                    + release.state().wireName() + "; there is nothing to rebuild it for.");
        }
        Path source = blob(release.sourceDigest());
        Path submitted = blob(release.artifactDigest());
        Future<RebuildReport> task = rebuilds.submit(() -> runRebuild(release, source, submitted, by));
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw ReleaseException.of(ReleaseProblem.UNAVAILABLE, "interrupted while rebuilding " + id, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ReleaseException problem) {
                throw problem;
            }
            throw ReleaseException.of(ReleaseProblem.UNAVAILABLE, "the rebuild of " + id + " could not run: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private RebuildReport runRebuild(Release release, Path source, Path submitted, Principal by) throws IOException {
        Path work = Files.createTempDirectory(settings.workDirectory(), release.id() + "-");
        java.time.Instant started = store.now();
        try {
            Rebuilder.Outcome outcome = rebuilder.rebuild(source, work);
            Rebuilder.Difference difference = outcome.artifactDigest().equals(release.artifactDigest())
                    ? new Rebuilder.Difference(List.of(), List.of(), List.of())
                    : rebuilder.compare(submitted, outcome.artifact());
            try (InputStream in = Files.newInputStream(outcome.artifact())) {
                putBlob(in, Optional.of(outcome.artifactDigest()));
            }
            return store.recordRebuild(release.id(), Optional.of(outcome), difference, "", outcome.runtime(),
                    rebuilder.builderId(), outcome.startedOn(), outcome.finishedOn(), by);
        } catch (Rebuilder.RebuildFailedException e) {
            return store.recordRebuild(release.id(), Optional.empty(), new Rebuilder.Difference(List.of(), List.of(),
                    List.of()), e.getMessage(), Runtime.version().toString(), rebuilder.builderId(), started,
                    store.now(), by);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ReleaseException.of(ReleaseProblem.UNAVAILABLE, "the rebuild of " + release.id()
                    + " was interrupted", e);
        } finally {
            deleteRecursively(work);
        }
    }

    /**
     * Records {@code reviewer}'s verdict and findings. A rejection closes the release (REJECTED, with
     * {@code reason}, by default {@link ReasonCode#REVIEW_REJECTED}). The approval that reaches the required count
     * approves the release only if its latest rebuild matches (the release is rebuilt first if it never was);
     * otherwise it is refused with the rebuild's report and nothing is recorded.
     */
    public Release review(String id, Principal reviewer, ReviewVerdict verdict, String findings,
                          Optional<ReasonCode> reason) {
        Objects.requireNonNull(verdict, "verdict");
        checkText("findings", findings);
        if (verdict == ReviewVerdict.APPROVE && reason.isPresent()) {
            throw ReleaseException.invalid(java.util.Map.of("reason", "only a rejection carries a reason"));
        }
        Release release = require(id);
        if (verdict == ReviewVerdict.APPROVE && release.state() == ReleaseState.SUBMITTED
                && !release.submitter().equals(reviewer)
                && !release.approvers().contains(reviewer)
                && release.approvers().size() + 1 >= release.requiredReviews()
                && release.rebuild().isEmpty()) {
            rebuild(id, reviewer);
        }
        return store.review(id, reviewer, verdict, findings, reason.orElse(ReasonCode.REVIEW_REJECTED), false,
                this::sign);
    }

    /** Revokes an approved release: it is never admitted again. Listeners hear of it. */
    public Release revoke(String id, Principal actor, ReasonCode reason) {
        Release revoked = store.revoke(id, actor, Objects.requireNonNull(reason, "reason"));
        for (ReleaseListener listener : listeners) {
            try {
                listener.revoked(revoked);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a release listener failed on the revocation of " + id, e);
            }
        }
        return revoked;
    }

    /**
     * Makes an approved, unrevoked release the one the server should run (a rollback deploys an earlier approved
     * release again). Listeners hear of it. Deploying does not admit: the supervisor admits before it starts.
     */
    public Deployment deploy(String id, Principal actor) {
        Deployment deployment = store.deploy(id, actor);
        for (ReleaseListener listener : listeners) {
            try {
                listener.deployed(deployment);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a release listener failed on the deployment of " + id, e);
            }
        }
        return deployment;
    }

    /** The release the server should run: the latest deployment, unless its release was revoked since. */
    public Optional<Deployment> deployed() {
        return store.latestDeployment().filter(d -> store.find(d.releaseId())
                .map(r -> r.state() == ReleaseState.APPROVED).orElse(false));
    }

    /**
     * Admits the artifact at {@code artifact} if its digest is an approved, unrevoked release's whose statement
     * verifies with the release key and names the digest, and whose APPROVED log entry carrying that statement is
     * included under the log's current checkpoint (waiting up to {@link ReleaseSettings#admissionWait()} for it to
     * be integrated). Records ADMITTED, or REFUSED with the reason.
     *
     * @throws AdmissionRefusedException naming the reason; the artifact must not run
     */
    public AdmittedRelease admit(Path artifact) throws AdmissionRefusedException {
        return admission.admit(artifact);
    }

    /** {@link #admit(Path)} for the stored artifact of release {@code id} (what the supervisor runs). */
    public AdmittedRelease admitRelease(String id) throws AdmissionRefusedException {
        return admission.admitRelease(id);
    }

    /**
     * Ships the project's own default algorithm through the gate when nothing is deployed yet: submits it as
     * {@link #BOOTSTRAP} (needing one review), rebuilds it, approves it as {@link #BOOTSTRAP} (the log shows that
     * no person reviewed it) and deploys it. Idempotent: when a release is deployed it changes nothing and returns
     * that deployment.
     *
     * @throws ReleaseException if the rebuild does not match ({@link ReleaseProblem#REBUILD_MISMATCH}) or the
     *     release was rejected or revoked before
     */
    public Deployment bootstrap(Path artifact, Path sourceArchive) {
        Optional<Deployment> current = deployed();
        if (current.isPresent()) {
            return current.get();
        }
        Release release = submitted(storeFile(artifact), storeFile(sourceArchive),
                "The project's own default algorithm, shipped at first start by " + BOOTSTRAP + ".", BOOTSTRAP, 1)
                .release();
        if (release.state() == ReleaseState.SUBMITTED) {
            if (release.rebuild().map(r -> !r.matches()).orElse(true)) {
                rebuild(release.id(), BOOTSTRAP);
            }
            release = store.review(release.id(), BOOTSTRAP, ReviewVerdict.APPROVE, "Bootstrap: the project's default "
                    + "algorithm, rebuilt from source by the custodian; no person reviewed this release.",
                    ReasonCode.REVIEW_REJECTED, true, this::sign);
        }
        if (release.state() != ReleaseState.APPROVED) {
            throw ReleaseException.of(ReleaseProblem.RELEASE_CLOSED, "the default algorithm's release "
                    + release.id() + " is " + release.state().wireName() + ", so it cannot be deployed");
        }
        return deploy(release.id(), BOOTSTRAP);
    }

    @Override
    public void close() {
        rebuilds.shutdownNow();
    }

    Release require(String id) {
        return store.find(id).orElseThrow(() -> ReleaseStore.notFound(id));
    }

    BlobStore blobs() {
        return blobs;
    }

    /** Signs the statement approving {@code approval.release()}; runs inside the approving transaction. */
    private String sign(ReleaseStore.Approval approval) {
        RebuildReport report = approval.rebuild().report();
        ProvenanceStatement.Build build = new ProvenanceStatement.Build(report.number(),
                report.rebuiltDigest().orElseThrow(), approval.rebuild().recipe(), approval.rebuild().dependencies(),
                report.runtime(), report.builder(), rebuilder.buildType(), report.startedOn(), report.finishedOn());
        byte[] payload = ProvenanceStatement.payload(approval.release(), approval.approvers(), build);
        String envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO, payload, signer).encode();
        if (envelope.getBytes(StandardCharsets.UTF_8).length > 49_152) {
            throw ReleaseException.of(ReleaseProblem.VALIDATION, "the approval statement of "
                    + approval.release().id() + " would be " + envelope.length() + " bytes, more than the log's "
                    + "49,152; the lock file pins too many dependencies");
        }
        return envelope;
    }

    private Sha256Digest storeFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return putBlob(in, Optional.empty()).digest();
        } catch (IOException e) {
            throw ReleaseException.of(ReleaseProblem.VALIDATION, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The archive must hold a recipe and a lock file the builder can read; the error names what is wrong. */
    private static void checkSource(Path archive) {
        SourceFiles.read(archive);
        try {
            Recipe.parse(utf8(SourceFiles.read(archive, SourceFiles.RECIPE, 1 << 20), SourceFiles.RECIPE));
            LockFile.parse(utf8(SourceFiles.read(archive, SourceFiles.LOCK, 1 << 20), SourceFiles.LOCK));
        } catch (BuildFailedException e) {
            throw ReleaseException.of(ReleaseProblem.INVALID_SOURCE, e.reason().code() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw ReleaseException.of(ReleaseProblem.INVALID_SOURCE, "the source archive cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static String utf8(byte[] bytes, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ReleaseException.of(ReleaseProblem.INVALID_SOURCE, name + " is not UTF-8 text", e);
        }
    }

    private static void checkNotes(String notes) {
        checkText("notes", notes);
    }

    private static void checkText(String field, String text) {
        Objects.requireNonNull(text, field);
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_NOTES || text.indexOf('\0') >= 0) {
            throw ReleaseException.invalid(java.util.Map.of(field, "at most " + MAX_NOTES
                    + " bytes of text, no NUL characters"));
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot delete rebuild scratch file " + p, e);
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clean the rebuild directory " + directory, e);
        }
    }
}
