package org.fedmed.fhir;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.fedmed.data.read.DataFormatException;

/**
 * Applies a mapping to a folder's records: one row per Patient, each column computed by its rule at
 * the mapping's reference date. Nothing after the reference date is used, so the table is the same
 * whenever it is built.
 */
final class FhirTableBuilder {

    private static final Set<String> ACTIVE = Set.of("active", "recurrence", "relapse");

    private FhirTableBuilder() {
    }

    static FhirTable build(String source, FhirRecords records, FhirMapping mapping) {
        int rows = records.patients().size();
        List<FeatureRule> rules = mapping.features();
        double[] values = new double[rows * rules.size()];
        List<List<FhirRecords.ObservationValue>> obsByPatient = byPatient(rows, records.observations(),
                FhirRecords.ObservationValue::patient);
        List<List<FhirRecords.ConditionEntry>> condByPatient = byPatient(rows, records.conditions(),
                FhirRecords.ConditionEntry::patient);
        for (int r = 0; r < rows; r++) {
            FhirRecords.Patient p = records.patients().get(r);
            for (int c = 0; c < rules.size(); c++) {
                FeatureRule rule = rules.get(c);
                values[r * rules.size() + c] = cell(rule, c, p, obsByPatient.get(r), condByPatient.get(r), mapping);
            }
        }
        int[] positive = new int[rows];
        LabelRule label = mapping.label();
        for (int r = 0; r < rows; r++) {
            positive[r] = hasCondition(condByPatient.get(r), label.code(), label.when(), mapping.referenceDate()) ? 1 : 0;
        }
        return new FhirTable(source, mapping, values, positive, records);
    }

    private static double cell(FeatureRule rule, int column, FhirRecords.Patient p, List<FhirRecords.ObservationValue> obs,
                               List<FhirRecords.ConditionEntry> conds, FhirMapping mapping) {
        LocalDate ref = mapping.referenceDate();
        switch (rule.kind()) {
            case AGE:
                if (p.birthDate() == null || p.birthDate().isAfter(ref)) {
                    return Double.NaN;
                }
                return Period.between(p.birthDate(), ref).getYears();
            case SEX:
                if (p.gender() == null || !(p.gender().equals("female") || p.gender().equals("male"))) {
                    return Double.NaN;
                }
                return p.gender().equals(rule.sexValue()) ? 1 : 0;
            case CONDITION:
                return hasCondition(conds, rule.code(), rule.when(), ref) ? 1 : 0;
            case OBSERVATION:
                return observation(rule, column, obs, mapping);
            default:
                throw new IllegalStateException(rule.kind().name());
        }
    }

    private static double observation(FeatureRule rule, int column, List<FhirRecords.ObservationValue> obs, FhirMapping mapping) {
        LocalDate ref = mapping.referenceDate();
        LocalDate from = rule.windowDays() > 0 ? ref.minusDays(rule.windowDays()) : null;
        List<FhirRecords.ObservationValue> in = new ArrayList<>();
        for (FhirRecords.ObservationValue v : obs) {
            if (!rule.code().matches(v.system(), v.code()) || v.date() == null || v.date().isAfter(ref)
                    || (from != null && !v.date().isAfter(from))) {
                continue;
            }
            if (rule.reducer() != Reducer.COUNT && Double.isNaN(v.value())) {
                continue; // coded or text result: no quantity to use
            }
            in.add(v);
        }
        in.sort(Comparator.comparing(FhirRecords.ObservationValue::date));
        double[] xs = new double[in.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rule.reducer() == Reducer.COUNT ? 0 : converted(in.get(i), rule, column, mapping);
        }
        return rule.reducer().apply(xs);
    }

    private static double converted(FhirRecords.ObservationValue v, FeatureRule rule, int column, FhirMapping mapping) {
        String field = "Observation " + v.system() + "|" + v.code();
        if (v.unit() == null) {
            throw new DataFormatException(v.where(), 0, field, "the value has no unit; feature '" + rule.name()
                    + "' of mapping " + mapping.file().getFileName() + " wants " + rule.unit(), null);
        }
        try {
            return Units.convert(v.value(), v.unit(), rule.unit(), rule.molarMass());
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(v.where(), 0, field, "unit '" + v.unit() + "' cannot be converted to '" + rule.unit()
                    + "' for feature '" + rule.name() + "' (mapping " + mapping.file().getFileName() + ", features[" + column
                    + "]): " + e.getMessage(), null);
        }
    }

    static boolean hasCondition(List<FhirRecords.ConditionEntry> conds, CodeRef code, FeatureRule.ConditionWhen when,
                                LocalDate ref) {
        for (FhirRecords.ConditionEntry c : conds) {
            if (!code.matches(c.system(), c.code()) || c.refuted() || (c.onset() != null && c.onset().isAfter(ref))) {
                continue;
            }
            if (when == FeatureRule.ConditionWhen.EVER) {
                return true;
            }
            boolean abated = c.abatement() != null && !c.abatement().isAfter(ref);
            if (c.clinicalStatus() != null && ACTIVE.contains(c.clinicalStatus()) && !abated) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<List<T>> byPatient(int rows, List<T> items, java.util.function.ToIntFunction<T> patient) {
        List<List<T>> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            out.add(new ArrayList<>());
        }
        for (T t : items) {
            out.get(patient.applyAsInt(t)).add(t);
        }
        return out;
    }
}
