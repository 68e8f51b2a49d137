package org.custos.release.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.custos.release.GateHarnessAccess;
import org.custos.release.ReleaseRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code custos release ...} against a running gate over HTTP, and the regulator's offline verify. */
class ReleaseCommandIT {
    private static GateHarnessAccess h;

    @BeforeAll
    static void start() throws Exception {
        h = GateHarnessAccess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ReleaseCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void submitReviewApproveDeployAndVerify() throws Exception {
        String engineer = h.operator("eng-cli", ReleaseRole.SUBMITTER);
        String reviewer1 = h.operator("rev-cli-1", ReleaseRole.REVIEWER);
        String reviewer2 = h.operator("rev-cli-2", ReleaseRole.REVIEWER);
        String admin = h.operator("admin-cli", ReleaseRole.ADMIN);
        Path[] bundle = h.bundle("from the command line");
        String url = h.url();

        Run submitted = run("submit", bundle[0].toString(), bundle[1].toString(), "--notes", "first",
                "--url", url, "--token", engineer);
        assertThat(submitted.code()).as(submitted.err()).isZero();
        String id = submitted.out().lines().findFirst().orElseThrow().split(" ")[1];
        assertThat(id).matches("rel-[0-9a-f]{16}");

        Run self = run("approve", id, "--url", url, "--token", engineer);
        assertThat(self.code()).isEqualTo(1);
        assertThat(self.err()).contains("Not allowed (403)");

        assertThat(run("approve", id, "--findings", "ok", "--url", url, "--token", reviewer1).code()).isZero();
        Run approved = run("review", id, "--verdict", "approve", "--url", url, "--token", reviewer2);
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("now approved", "rebuild   #", "matches");

        Run list = run("list", "--state", "approved", "--url", url, "--token", reviewer1);
        assertThat(list.out()).contains(id, "2/2 approvals");
        Run show = run("show", id, "--diff", "--url", url, "--token", reviewer1);
        assertThat(show.out()).contains("added    src/org/example/engine/Main.java");
        Run statement = run("show", id, "--statement", "--url", url, "--token", reviewer1);
        assertThat(statement.out()).startsWith("{\"payload\":");
        assertThat(run("deploy", id, "--url", url, "--token", admin).out()).contains("deployed " + id);

        h.drain();
        Path key = Files.writeString(h.root().resolve("release-key.pem"), h.releaseKeyPem());
        Path vkey = Files.writeString(h.root().resolve("log.vkey"), h.logVerifierKey());
        Run verified = run("verify", bundle[0].toString(), "--log", h.logDirectory().toString(), "--log-key",
                vkey.toString(), "--release-key", key.toString());
        assertThat(verified.code()).as(verified.err()).isZero();
        assertThat(verified.out()).startsWith("VERIFIED: ").contains(id);

        byte[] bytes = Files.readAllBytes(bundle[0]);
        bytes[bytes.length / 3] ^= 1;
        Path flipped = Files.write(h.root().resolve("flipped-cli.jar"), bytes);
        Run notApproved = run("verify", flipped.toString(), "--log", h.logDirectory().toString(), "--log-key",
                h.logVerifierKey(), "--release-key", key.toString());
        assertThat(notApproved.code()).isEqualTo(1);
        assertThat(notApproved.err()).startsWith("NOT APPROVED: ");

        Run revoked = run("revoke", id, "--reason", "superseded", "--url", url, "--token", admin);
        assertThat(revoked.code()).isZero();
        h.drain();
        Run afterRevocation = run("verify", bundle[0].toString(), "--log", h.logDirectory().toString(),
                "--log-key", vkey.toString(), "--release-key", key.toString());
        assertThat(afterRevocation.code()).isEqualTo(1);
        assertThat(afterRevocation.err()).startsWith("REVOKED: ");
    }

    @Test
    void expectedConditions_areOneLineAndAnExitCode() throws Exception {
        Run unreachable = run("list", "--url", "http://127.0.0.1:9", "--token", "x");
        assertThat(unreachable.code()).isEqualTo(2);
        assertThat(unreachable.err()).startsWith("cannot reach the server").doesNotContain("Exception");
        Run unauthenticated = run("list", "--url", h.url(), "--token", "nobody");
        assertThat(unauthenticated.code()).isEqualTo(1);
        assertThat(unauthenticated.err()).contains("Authentication is required (401)");
        Run badReason = run("revoke", "rel-0000000000000000", "--reason", "whim", "--url", h.url());
        assertThat(badReason.code()).isEqualTo(2);
        assertThat(badReason.err()).contains("superseded");
        Run missing = run("verify", "nothing.jar");
        assertThat(missing.code()).isEqualTo(2);
        Run badKey = run("verify", "nothing.jar", "--log", "/nonexistent", "--log-key", "not-a-key",
                "--release-key", "/nonexistent.pem");
        assertThat(badKey.code()).isEqualTo(2);
        assertThat(badKey.err()).startsWith("COULD NOT CHECK").doesNotContain("\tat ");
        Run rebuild = run("verify", "--rebuild", h.root().resolve("no-such-source.zip").toString());
        assertThat(rebuild.code()).isNotZero();
        assertThat(rebuild.err()).contains("no-such-source.zip").doesNotContain("\tat ");
    }

    @Test
    void verifyRebuild_withTheProjectsBuilder_printsTheDigestAndComparesIt() throws Exception {
        Path[] bundle = h.bundle("rebuilt by the regulator");
        String digest = org.custos.release.Sha256Digest.of(bundle[0]).toString();
        Run matches = run("verify", "--rebuild", bundle[1].toString(), "--deps", h.dependencies().toString(),
                "--expect", digest);
        assertThat(matches.code()).as(matches.err()).isZero();
        assertThat(matches.out()).startsWith("MATCHES: rebuilt example-engine.jar " + digest);
        Run plain = run("verify", "--rebuild", bundle[1].toString(), "--deps", h.dependencies().toString());
        assertThat(plain.out()).startsWith("rebuilt example-engine.jar " + digest);
        Run differs = run("verify", "--rebuild", bundle[1].toString(), "--deps", h.dependencies().toString(),
                "--expect", "sha256:" + "0".repeat(64));
        assertThat(differs.code()).isEqualTo(1);
        assertThat(differs.err()).startsWith("DIFFERS: expected sha256:" + "0".repeat(64));
    }
}
