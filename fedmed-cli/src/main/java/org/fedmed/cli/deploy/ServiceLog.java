package org.fedmed.cli.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.fedmed.net.OwnerOnly;
import picocli.CommandLine.Option;

/**
 * Logging of a coordinator or node run as a service: {@code --log-level} for the process's log records,
 * {@code --log-file FILE} for a file that gets the console's lines and those records, rotated by size
 * (FILE, FILE.1 .. FILE.4, each up to 10 MB; owner-only), and {@code --log-format json} for one JSON
 * object per line there. A record is one line: an exception is named, its stack trace written only at
 * {@code --log-level debug}.
 */
final class ServiceLog {

    static final long MAX_BYTES = 10L * 1024 * 1024;
    static final int FILES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    // held: java.util.logging keeps only weak references to loggers, and a collected one loses its settings
    private static final Logger ROOT = Logger.getLogger("");

    @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL",
            description = "error, warn, info (default) or debug: which log records are written.")
    String level;

    @Option(names = "--log-file", paramLabel = "FILE", description = "Also write the console's lines and the log records to FILE,"
            + " rotated at 10 MB (FILE.1 .. FILE.4 kept), readable by the owner only.")
    Path file;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json", description = "The log file's format.")
    String format;

    /** Sets the levels, opens the file if asked, and returns the stream the command prints its progress to. */
    PrintStream console() {
        Level l = level(level);
        boolean json = switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("--log-format is text or json, got '" + format + "'");
        };
        ROOT.setLevel(l);
        for (Handler h : ROOT.getHandlers()) {
            h.setLevel(l);
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null || l.intValue() <= Level.FINE.intValue()) {
            // the engine's own logging (SLF4J simple), before its first logger exists
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l == Level.SEVERE ? "error" : l == Level.FINE ? "debug" : "warn");
        }
        if (file == null) {
            return System.out;
        }
        RotatingFile out = new RotatingFile(file, json, l.intValue() <= Level.FINE.intValue());
        for (Handler h : ROOT.getHandlers()) {
            if (h instanceof RotatingFile old) { // one log file per process (a test may run several commands)
                ROOT.removeHandler(old);
                old.close();
            }
        }
        ROOT.addHandler(out);
        return new PrintStream(new Lines(out), true, StandardCharsets.UTF_8);
    }

    static Level level(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            default -> throw new IllegalArgumentException("--log-level is error, warn, info or debug, got '" + s + "'");
        };
    }

    /** Each console line goes to stdout and, as an INFO record of "fedmed", to the file. */
    private static final class Lines extends OutputStream {
        private final RotatingFile file;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(RotatingFile file) {
            this.file = file;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                System.out.println(text);
                LogRecord r = new LogRecord(Level.INFO, text);
                r.setLoggerName("fedmed");
                file.publish(r);
            } else {
                line.write(b);
            }
        }
    }

    /** A size-rotated, owner-only log file: FILE, then FILE.1 (newest) .. FILE.(FILES - 1). */
    static final class RotatingFile extends Handler {
        private final Path path;
        private final boolean json;
        private final boolean traces;
        private Writer out;
        private long size;

        RotatingFile(Path path, boolean json, boolean traces) {
            this.path = path.toAbsolutePath();
            this.json = json;
            this.traces = traces;
            open();
        }

        private void open() {
            try {
                Files.createDirectories(path.getParent());
                out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                OwnerOnly.restrict(path);
                size = Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException("--log-file " + path + ": " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void publish(LogRecord r) {
            if (r.getLevel().intValue() < ROOT.getLevel().intValue() && !"fedmed".equals(r.getLoggerName())) {
                return;
            }
            String text = format(r) + "\n";
            try {
                if (size > 0 && size + text.length() > MAX_BYTES) {
                    rotate();
                }
                out.write(text);
                out.flush();
                size += text.getBytes(StandardCharsets.UTF_8).length;
            } catch (IOException e) {
                reportError("cannot write " + path, e, 0);
            }
        }

        private void rotate() throws IOException {
            out.close();
            for (int i = FILES - 1; i >= 1; i--) {
                Path from = i == 1 ? path : path.resolveSibling(path.getFileName() + "." + (i - 1));
                if (Files.exists(from)) {
                    Files.move(from, path.resolveSibling(path.getFileName() + "." + i), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            open();
        }

        String format(LogRecord r) {
            String message = r.getMessage();
            if (r.getParameters() != null && message != null && message.contains("{0")) {
                message = MessageFormat.format(message, r.getParameters());
            }
            Throwable t = r.getThrown();
            if (json) {
                ObjectNode n = JSON.createObjectNode();
                n.put("time", Instant.ofEpochMilli(r.getMillis()).toString());
                n.put("level", r.getLevel().getName());
                n.put("logger", r.getLoggerName());
                n.put("message", message);
                if (t != null) {
                    n.put("error", t.toString());
                }
                return n.toString();
            }
            StringBuilder b = new StringBuilder().append(Instant.ofEpochMilli(r.getMillis())).append(' ').append(r.getLevel().getName())
                    .append(' ').append(r.getLoggerName()).append(": ").append(message);
            if (t != null) {
                b.append(" (").append(t).append(')');
                if (traces) {
                    for (StackTraceElement e : t.getStackTrace()) {
                        b.append("\n\tat ").append(e);
                    }
                }
            }
            return b.toString();
        }

        @Override
        public synchronized void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                reportError("cannot flush " + path, e, 0);
            }
        }

        @Override
        public synchronized void close() {
            try {
                out.close();
            } catch (IOException e) {
                reportError("cannot close " + path, e, 0);
            }
        }
    }
}
