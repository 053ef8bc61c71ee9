package org.fedmed.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One CLI invocation with its exit code and what it printed on stdout and stderr. */
public record CliRun(int code, String out, String err) {

    public static CliRun of(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            code = FedMed.execute(new PrintWriter(err, true), args);
        } finally {
            System.setOut(saved);
        }
        return new CliRun(code, bytes.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** {@code {code, stdout, stderr}}, as the audit tests index them. */
    public String[] asArray() {
        return new String[] {String.valueOf(code), out, err};
    }
}
