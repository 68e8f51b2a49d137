package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.custos.server.postgres.DataDirectoryInUseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwoInstancesIT {

    @TempDir
    Path first;

    @TempDir
    Path second;

    @TempDir
    Path third;

    @Test
    void twoServers_ownDataDirectoriesAndPorts_runSideBySide_andOthersOnTakenDirectoryOrPortAreRefused() {
        try (CustosServer a = CustosServer.start(TestInstances.config(first), Clock.systemUTC());
                CustosServer b = CustosServer.start(TestInstances.config(second), Clock.systemUTC())) {
            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(TestInstances.get(a.baseUri(), "/health/ready").statusCode()).isEqualTo(200);

            // A server whose port is taken fails start-up naming the port, and releases its data directory.
            assertThatThrownBy(() -> CustosServer.start(TestInstances.config(third).withPort(a.port()), Clock.systemUTC()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("start HTTP")
                    .hasMessageContaining(":" + a.port())
                    .hasRootCauseInstanceOf(java.net.BindException.class);
            assertThat(third.resolve("pg/postmaster.pid")).doesNotExist();
            assertThat(TestInstances.get(b.baseUri(), "/health/ready").statusCode()).isEqualTo(200);

            assertThat(TestInstances.signUp(a.baseUri(), "only_in_a")).isEqualTo(201);
            assertThat(TestInstances.post(b.baseUri(), "/v1/sessions",
                    "{\"login\":\"only_in_a\",\"password\":\"password-of-only_in_a\"}").statusCode()).isEqualTo(401);

            // A third server on a directory in use is refused, and the one running there keeps serving.
            assertThatThrownBy(() -> CustosServer.start(TestInstances.config(first), Clock.systemUTC()))
                    .isInstanceOf(StartupException.class)
                    .hasCauseInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining(first.toString());
            assertThat(TestInstances.get(a.baseUri(), "/health/ready").statusCode()).isEqualTo(200);
        }
    }
}
