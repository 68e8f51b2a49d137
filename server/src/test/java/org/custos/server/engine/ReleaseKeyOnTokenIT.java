package org.custos.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.custos.release.ReleaseKeys;
import org.custos.release.ReleaseVerdict;
import org.custos.release.ReleaseVerifier;
import org.custos.server.CustosServer;
import org.custos.server.KeySettings;
import org.custos.server.ReleaseKeySettings;
import org.custos.server.SecretSource;
import org.custos.server.ServerConfig;
import org.custos.server.TestInstances;
import org.custos.testing.SoftHsm;
import org.custos.tlog.verify.LogSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release signing key on a PKCS#11 token, as production configures it ({@code release.signing=pkcs11}): the
 * server generates the key pair on the token at first start, approves its default release with it, serves its public
 * key, and a regulator verifies the release from the log with that key alone. No key file is written. The vault's
 * KEK lives on the same token, reached through the JDK's own provider.
 */
class ReleaseKeyOnTokenIT {
    private static final String PIN = "2718-release";

    @TempDir
    Path dataDir;

    @Test
    void theDefaultReleaseIsApprovedWithTheTokensKey_andVerifiesFromTheLog() throws Exception {
        assumeThat(SoftHsm.available()).as("SoftHSM2 not installed or SOFTHSM2_CONF not set: skipping").isTrue();
        Path token = SoftHsm.newToken("server-release", PIN);
        ServerConfig base = TestInstances.config(dataDir);
        EngineBundles.Bundle bundle = EngineBundles.forYou();
        ServerConfig config = base.withEngine(base.engine().withDefaultBundle(Optional.of(
                        new EngineSettings.DefaultBundle(bundle.artifact(), bundle.source()))))
                .withReleaseKey(new ReleaseKeySettings.Pkcs11(token, new SecretSource.Inline(PIN.toCharArray()),
                        "custos-release"));
        // the vault's KEK on the same token, through the JDK's SunPKCS11: both load one PKCS#11 library
        config = config.withKeys(new KeySettings.Pkcs11(token, new SecretSource.Inline(PIN.toCharArray()),
                "custos-kek"));

        try (CustosServer server = CustosServer.start(config, Clock.systemUTC())) {
            server.engine().awaitBootstrap(Duration.ofSeconds(60));
            EngineSupervisor supervisor = server.engine().supervisor().orElseThrow();
            HostileEngineIT.await(() -> supervisor.servingRelease().isPresent(), Duration.ofSeconds(60));

            var served = TestInstances.get(server.baseUri(), "/v1/releases/signing-key");
            assertThat(served.statusCode()).isEqualTo(200);
            PublicKey releaseKey = ReleaseKeys.parsePem(served.body());
            ReleaseVerdict verdict = ReleaseVerifier.verify(bundle.artifact(),
                    LogSource.of(server.baseUri().toString()), server.auditLog().verifierKey(), releaseKey);
            assertThat(verdict.outcome()).as(verdict.report()).isEqualTo(ReleaseVerdict.Outcome.APPROVED);
            assertThat(verdict.report()).contains(ReleaseKeys.keyId(releaseKey));
        }
        assertThat(dataDir.resolve("releases/keys/release-signing-key.p8")).doesNotExist();
    }
}
