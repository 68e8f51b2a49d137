package org.custos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void version_printsCustosAndJavaVersions() {
        assertThat(run("version")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("custos " + VersionCommand.VERSION).contains("java 25");
    }

    @Test
    void noArguments_printsUsageListingSubcommands() {
        assertThat(run()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("up").contains("operators").contains("keys").contains("bench");
    }

    @Test
    void up_portOutOfRange_exitsWithUsageCodeNamingThePort() {
        assertThat(run("up", "--port", "99999", "--data-dir", "target/never-created")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("port").contains("CUSTOS_PORT").contains("65535");
    }

    @Test
    void up_missingConfigFile_exitsWithUsageCodeNamingTheFile() {
        assertThat(run("up", "--config", "target/no-such.properties")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no-such.properties");
    }

    @Test
    void operatorsCreate_unknownRole_exitsWithUsageCodeListingRoles() {
        assertThat(run("operators", "create", "--name", "x", "--role", "JANITOR")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("JANITOR").contains("CUSTODIAN_ADMIN");
    }

    @Test
    void benchAccounts_zeroUsers_exitsWithUsageCode() {
        assertThat(run("bench", "accounts", "--users", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--users");
    }

    @Test
    void unknownSubcommand_exitsWithUsageCode() {
        assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);
    }
}
