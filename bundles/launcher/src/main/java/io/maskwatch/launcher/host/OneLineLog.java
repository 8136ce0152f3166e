package io.maskwatch.launcher.host;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log records as single stderr lines ({@code maskwatch WARNING Hub: ...}) so they never look like the
 * JSON lines on stdout; stack traces are printed only when debug logging is on.
 */
final class OneLineLog extends Formatter {

    static void install() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFormatter(new OneLineLog());
        }
    }

    @Override
    public String format(LogRecord r) {
        String logger = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
        StringBuilder sb = new StringBuilder("maskwatch ").append(r.getLevel().getName()).append(' ').append(logger).append(": ")
                .append(formatMessage(r)).append(System.lineSeparator());
        Level root = Logger.getLogger("").getLevel();
        if (r.getThrown() != null && root != null && root.intValue() <= Level.FINE.intValue()) {
            StringWriter w = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(w));
            sb.append(w);
        }
        return sb.toString();
    }
}
