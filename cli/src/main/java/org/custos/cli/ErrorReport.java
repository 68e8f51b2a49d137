package org.custos.cli;

import java.net.BindException;
import org.custos.app.accounts.DuplicateOperatorException;
import org.custos.server.ConfigException;
import org.custos.server.StartupException;
import org.custos.server.postgres.DataDirectoryInUseException;
import picocli.CommandLine;

/**
 * Turns a command's failure into one line on standard error naming the problem, and an exit code from
 * {@link ExitCodes}. Stack traces are for bugs only: they are printed when {@code CUSTOS_DEBUG} is set.
 */
final class ErrorReport implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        int code = exitCode(e);
        cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + message(e));
        if (code == ExitCodes.FAILED || System.getenv("CUSTOS_DEBUG") != null) {
            e.printStackTrace(cli.getErr());
        }
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof ConfigException || e instanceof IllegalArgumentException
                || e instanceof DuplicateOperatorException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof DataDirectoryInUseException || hasCause(e, BindException.class)
                || hasCause(e, DataDirectoryInUseException.class)) {
            return ExitCodes.IN_USE;
        }
        if (e instanceof StartupException startup) {
            return startup.getCause() instanceof ConfigException ? ExitCodes.USAGE : ExitCodes.STARTUP;
        }
        return ExitCodes.FAILED;
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
