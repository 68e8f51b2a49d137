package org.custos.release;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.xipki.pkcs11.wrapper.StaticLogger;

/**
 * Sends the PKCS#11 wrapper's own messages to java.util.logging instead of standard output, warnings and errors
 * only: its debug and trace output lists the calls' arguments, which is no place for a token's secrets.
 */
final class WrapperLogging implements org.xipki.pkcs11.wrapper.Logger {
    private static final Logger LOG = Logger.getLogger("org.xipki.pkcs11.wrapper");
    private static volatile boolean installed;

    private WrapperLogging() {
    }

    static synchronized void install() {
        if (!installed) {
            StaticLogger.setLogger(new WrapperLogging());
            installed = true;
        }
    }

    @Override
    public void info(String format, Object... arguments) {
    }

    @Override
    public void warn(String format, Object... arguments) {
        LOG.warning(() -> format(format, arguments));
    }

    @Override
    public void error(String format, Object... arguments) {
        LOG.severe(() -> format(format, arguments));
    }

    @Override
    public void debug(String format, Object... arguments) {
    }

    @Override
    public void trace(String format, Object... arguments) {
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public boolean isWarnEnabled() {
        return LOG.isLoggable(Level.WARNING);
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    /** The wrapper's messages use SLF4J-style {} placeholders. */
    private static String format(String format, Object... arguments) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (Object argument : arguments) {
            int at = format.indexOf("{}", from);
            if (at < 0) {
                break;
            }
            out.append(format, from, at).append(argument);
            from = at + 2;
        }
        return out.append(format.substring(from)).toString();
    }
}
