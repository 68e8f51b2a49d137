package org.custos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import org.custos.server.ConfigException;
import org.custos.server.StartupException;
import org.custos.server.postgres.DataDirectoryInUseException;
import org.custos.vault.Column;
import org.custos.vault.UnclassifiedColumnException;
import org.junit.jupiter.api.Test;

class ErrorReportTest {

    @Test
    void exitCode_unclassifiedColumnAtStartUp_isStartupRefused() {
        var refused = new StartupException("classify columns",
                new UnclassifiedColumnException(List.of(Column.of("app_users.shoe_size")), List.of()));

        assertThat(ErrorReport.exitCode(refused)).isEqualTo(ExitCodes.STARTUP);
    }

    @Test
    void exitCode_badConfiguration_isUsage() {
        assertThat(ErrorReport.exitCode(new ConfigException("port", "bad"))).isEqualTo(ExitCodes.USAGE);
        assertThat(ErrorReport.exitCode(new StartupException("open vault", new ConfigException("master.secret", "bad"))))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void exitCode_dataDirectoryOrPortTaken_isInUse() {
        assertThat(ErrorReport.exitCode(new StartupException("start database",
                new DataDirectoryInUseException(Path.of("/var/custos"))))).isEqualTo(ExitCodes.IN_USE);
        assertThat(ErrorReport.exitCode(new StartupException("start HTTP",
                new UncheckedIOException(new BindException("cannot listen"))))).isEqualTo(ExitCodes.IN_USE);
    }

    @Test
    void exitCode_anythingElse_isFailed() {
        assertThat(ErrorReport.exitCode(new IllegalStateException("bug"))).isEqualTo(ExitCodes.FAILED);
    }
}
