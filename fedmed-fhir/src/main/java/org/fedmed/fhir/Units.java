package org.fedmed.fhir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The units a mapping may ask for and the conversions between them: a small, documented table of
 * UCUM codes (the units Synthea and most EHR exports write), not a UCUM engine. Units are grouped by
 * what they measure; within a group each unit is {@code value * factor + offset} of the group's base
 * unit. Between mass and substance concentration (mg/dL and mmol/L) a conversion needs the analyte's
 * molar mass, which the mapping states.
 */
public final class Units {

    /** One unit: its group and how to get to the group's base unit. */
    private record Unit(String group, double factor, double offset) {
    }

    private static final Map<String, Unit> UNITS = new LinkedHashMap<>();

    static {
        unit("mass", 1, "kg");
        unit("mass", 0.001, "g");
        unit("mass", 0.45359237, "[lb_av]", "lb");
        unit("mass", 0.028349523125, "[oz_av]", "oz");
        unit("length", 1, "cm");
        unit("length", 100, "m");
        unit("length", 0.1, "mm");
        unit("length", 2.54, "[in_i]", "in");
        unit("length", 30.48, "[ft_i]", "ft");
        unit("pressure", 1, "mm[Hg]", "mmHg");
        unit("pressure", 7.500615758, "kPa");
        unit("rate", 1, "/min", "{beats}/min", "{breaths}/min", "{Beats}/min");
        unit("fraction", 1, "%");
        unit("bmi", 1, "kg/m2");
        unit("mass concentration", 1, "mg/dL");
        unit("mass concentration", 100, "g/L");
        unit("mass concentration", 1000, "g/dL");
        unit("mass concentration", 0.1, "mg/L");
        unit("substance concentration", 1, "mmol/L");
        unit("substance concentration", 0.001, "umol/L");
        unit("substance concentration", 1000, "mol/L");
        UNITS.put("Cel", new Unit("temperature", 1, 0));
        UNITS.put("[degF]", new Unit("temperature", 5.0 / 9, -32 * 5.0 / 9));
        UNITS.put("K", new Unit("temperature", 1, -273.15));
    }

    private Units() {
    }

    private static void unit(String group, double factor, String... codes) {
        for (String c : codes) {
            UNITS.put(c, new Unit(group, factor, 0));
        }
    }

    /** Whether {@code code} is a unit of the table. */
    public static boolean known(String code) {
        return UNITS.containsKey(code);
    }

    /** The table's units, sorted, for a message that refuses another. */
    public static List<String> knownUnits() {
        return List.copyOf(new TreeSet<>(UNITS.keySet()));
    }

    /**
     * {@code value} in unit {@code from} converted to {@code to}; {@code molarMass} (g/mol, or NaN when
     * the mapping gives none) bridges mg/dL and mmol/L.
     *
     * @throws IllegalArgumentException when the units are not in the table or measure different things
     */
    public static double convert(double value, String from, String to, double molarMass) {
        if (from.equals(to)) {
            return value;
        }
        Unit f = UNITS.get(from);
        Unit t = UNITS.get(to);
        if (f == null || t == null) {
            throw new IllegalArgumentException("unit '" + (f == null ? from : to) + "' is not one FedMed converts; known: "
                    + knownUnits());
        }
        double base = value * f.factor() + f.offset();
        if (!f.group().equals(t.group())) {
            base = acrossConcentrations(base, f.group(), t.group(), molarMass, from, to);
        }
        return (base - t.offset()) / t.factor();
    }

    /** mg/dL ↔ mmol/L: 1 mg/dL = 10 mg/L = 10 / M mmol/L for molar mass M in g/mol. */
    private static double acrossConcentrations(double base, String fromGroup, String toGroup, double molarMass, String from,
                                               String to) {
        boolean massToSubstance = fromGroup.equals("mass concentration") && toGroup.equals("substance concentration");
        boolean substanceToMass = fromGroup.equals("substance concentration") && toGroup.equals("mass concentration");
        if (!massToSubstance && !substanceToMass) {
            throw new IllegalArgumentException("unit '" + from + "' (" + fromGroup + ") cannot be converted to '" + to + "' ("
                    + toGroup + ")");
        }
        if (!(molarMass > 0)) {
            throw new IllegalArgumentException("converting '" + from + "' to '" + to + "' needs the analyte's molar mass:"
                    + " add molar_mass (g/mol) to the feature");
        }
        return massToSubstance ? base * 10 / molarMass : base * molarMass / 10;
    }
}
