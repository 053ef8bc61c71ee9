package org.fedmed.fhir;

import java.util.Objects;

/**
 * One column of a FHIR table, as a mapping declares it.
 *
 * @param name       the column name (what a study's {@code features} list names)
 * @param kind       where the value comes from
 * @param code       the Observation or Condition codes (null for Patient columns)
 * @param unit       target unit of an Observation value (null for {@link Reducer#COUNT} and other kinds)
 * @param molarMass  g/mol, to convert between mg/dL and mmol/L; NaN when not given
 * @param reducer    how several Observations become one value (Observation columns)
 * @param windowDays only Observations at most this many days before the reference date; 0 = no window
 * @param sexValue   the {@code Patient.gender} written as 1 (the other of male/female is 0)
 * @param when       which Conditions count (Condition columns)
 */
public record FeatureRule(String name, Kind kind, CodeRef code, String unit, double molarMass, Reducer reducer, int windowDays,
                          String sexValue, ConditionWhen when) {

    /** The resource and element a column reads. */
    public enum Kind {
        /** Whole years from {@code Patient.birthDate} to the reference date. */
        AGE,
        /** 1 when {@code Patient.gender} is the rule's value, 0 for the other of male/female, else missing. */
        SEX,
        /** An Observation's {@code valueQuantity} (or a component's), reduced over the window. */
        OBSERVATION,
        /** 1 when the patient has a matching Condition, else 0. */
        CONDITION
    }

    /** Which Conditions count for a Condition column or label. */
    public enum ConditionWhen {
        /** Any recorded (not refuted, not entered in error) with onset on or before the reference date. */
        EVER,
        /** As {@link #EVER}, and clinically active (active, recurrence, relapse) without an abatement by the reference date. */
        ACTIVE
    }

    public FeatureRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
