package org.fedmed.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fedmed.data.read.DataFormatException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads a folder of FHIR R4 JSON: Bulk Data NDJSON files (one resource per line, the file named by
 * its resource type, {@code Patient.000.ndjson}) and Bundle files ({@code *.json}, or a single
 * resource). Every resource goes through HAPI's R4 parser in strict mode, so a resource that is not
 * valid R4 is refused with the file and the line (NDJSON) or entry (Bundle) and the element HAPI
 * names; the message never quotes the resource's content.
 *
 * <p>Only the NDJSON files of the types a mapping reads (Patient, Observation, Condition) are
 * parsed; a Bundle is parsed whole.
 */
public final class FhirFolderReader {

    private static final List<String> NDJSON_TYPES = List.of("Patient", "Observation", "Condition");
    private static final Pattern ELEMENT = Pattern.compile("\\[element=\"([^\"]+)\"\\]");
    private static final Pattern TYPE = Pattern.compile("\"resourceType\"\\s*:\\s*\"([A-Za-z]+)\"");

    private FhirFolderReader() {
    }

    /**
     * The folder's Patients, Observations and Conditions, joined.
     *
     * @throws DataFormatException for a folder without FHIR files or a resource that is not valid R4
     */
    public static FhirRecords read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir.toString(), 0, null, "not a folder (fhir: names a folder of Bundle .json or"
                    + " Bulk Data .ndjson files)", null);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> wanted(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the folder", e);
        }
        if (files.isEmpty()) {
            throw new DataFormatException(dir.toString(), 0, null, "no Patient, Observation or Condition .ndjson file and no"
                    + " .json Bundle in the folder", null);
        }
        IParser parser = FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        ResourceJoin join = new ResourceJoin();
        for (Path f : files) {
            if (f.getFileName().toString().endsWith(".ndjson")) {
                readNdjson(f, parser, join);
            } else {
                readJson(f, parser, join);
            }
        }
        return join.records(files.size());
    }

    private static boolean wanted(String name) {
        if (name.endsWith(".json")) {
            return true;
        }
        return name.endsWith(".ndjson") && NDJSON_TYPES.stream().anyMatch(t -> name.startsWith(t + ".") || name.equals(t + ".ndjson"));
    }

    private static void readNdjson(Path file, IParser parser, ResourceJoin join) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = file.getFileName() + ", line " + (i + 1);
            IBaseResource r = parse(parser, line, file, i + 1, null);
            join.add((Resource) r, null, where);
        }
    }

    private static void readJson(Path file, IParser parser, ResourceJoin join) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        }
        IBaseResource r;
        try {
            r = parser.parseResource(text);
        } catch (ca.uhn.fhir.parser.DataFormatException e) {
            throw locateInBundle(file, text, parser, e);
        }
        if (r instanceof Bundle) {
            List<Bundle.BundleEntryComponent> entries = ((Bundle) r).getEntry();
            for (int i = 0; i < entries.size(); i++) {
                Bundle.BundleEntryComponent e = entries.get(i);
                if (e.getResource() != null) {
                    join.add(e.getResource(), e.getFullUrl(), file.getFileName() + ", entry " + (i + 1));
                }
            }
        } else {
            join.add((Resource) r, null, file.getFileName().toString());
        }
    }

    private static IBaseResource parse(IParser parser, String json, Path file, int line, String entry) {
        try {
            return parser.parseResource(json);
        } catch (ca.uhn.fhir.parser.DataFormatException e) {
            throw invalid(file, line, entry, json, e);
        }
    }

    /** HAPI says a Bundle is invalid but not where: parse its entries one by one to name the first bad one. */
    private static DataFormatException locateInBundle(Path file, String text, IParser parser, RuntimeException e) {
        try {
            JsonNode root = new ObjectMapper().readTree(text);
            JsonNode entries = root == null ? null : root.get("entry");
            if (root != null && "Bundle".equals(root.path("resourceType").asText()) && entries != null && entries.isArray()) {
                for (int i = 0; i < entries.size(); i++) {
                    JsonNode res = entries.get(i).get("resource");
                    if (res != null) {
                        parse(parser, res.toString(), file, 0, "entry " + (i + 1));
                    }
                }
            }
        } catch (IOException notJson) {
            return new DataFormatException(file.toString(), 0, null, "not JSON", null);
        } catch (DataFormatException located) {
            return located;
        }
        return invalid(file, 0, null, text, e);
    }

    private static DataFormatException invalid(Path file, int line, String entry, String json, RuntimeException e) {
        Matcher type = TYPE.matcher(json);
        String resource = type.find() ? type.group(1) : "resource";
        String msg = String.valueOf(e.getMessage());
        Matcher element = ELEMENT.matcher(msg);
        String problem;
        if (msg.contains("Unknown resource") || msg.contains("unknown resource")) {
            problem = "unknown resource type (not FHIR R4)";
        } else if (element.find()) {
            problem = "not valid FHIR R4: element '" + element.group(1) + "' is not allowed there or has an invalid value";
        } else if (msg.contains("JSON") || msg.contains("json")) {
            problem = "not valid JSON";
        } else {
            problem = "not a valid FHIR R4 resource";
        }
        String field = entry == null ? resource : entry + " (" + resource + ")";
        // the problem holds no content of the file (no value, no id): it may be reported off site
        DataFormatException d = new DataFormatException(file.toString(), line, field, problem, null);
        d.initCause(e);
        return d;
    }
}
