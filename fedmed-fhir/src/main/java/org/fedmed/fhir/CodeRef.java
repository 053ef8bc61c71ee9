package org.fedmed.fhir;

import java.util.List;
import java.util.Set;

/**
 * A coded concept a mapping looks for: a code system and the codes in it that count (a Coding of a
 * resource matches when its system is this one and its code one of these).
 *
 * @param system the code system URI, one of {@link #KNOWN_SYSTEMS}
 * @param codes  at least one code
 */
public record CodeRef(String system, List<String> codes) {

    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";

    /**
     * The code systems a mapping may name: a misspelt system would otherwise match nothing and give
     * an empty column without a word.
     */
    public static final Set<String> KNOWN_SYSTEMS = Set.of(LOINC, SNOMED, "http://hl7.org/fhir/sid/icd-10",
            "http://hl7.org/fhir/sid/icd-10-cm", "http://www.nlm.nih.gov/research/umls/rxnorm");

    public CodeRef {
        codes = List.copyOf(codes);
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("no code given");
        }
    }

    boolean matches(String codingSystem, String code) {
        return system.equals(codingSystem) && codes.contains(code);
    }
}
