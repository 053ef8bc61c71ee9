package org.fedmed.fhir;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;

/**
 * Collects the parsed resources of a folder and joins Observations and Conditions to their Patient:
 * a subject reference {@code Patient/<id>} (Bulk Data) or {@code urn:uuid:<id>} (a Bundle's
 * {@code fullUrl}) matches the Patient with that id, whichever file it is in.
 */
final class ResourceJoin {

    private record Pending<T>(String subject, T value) {
    }

    private final List<FhirRecords.Patient> patients = new ArrayList<>();
    private final Map<String, Integer> patientByKey = new HashMap<>();
    private final List<Pending<FhirRecords.ObservationValue>> observations = new ArrayList<>();
    private final List<Pending<FhirRecords.ConditionEntry>> conditions = new ArrayList<>();
    private int resources;

    void add(Resource r, String fullUrl, String where) {
        resources++;
        if (r instanceof Patient) {
            addPatient((Patient) r, fullUrl);
        } else if (r instanceof Observation) {
            addObservation((Observation) r, where);
        } else if (r instanceof Condition) {
            addCondition((Condition) r);
        }
    }

    private void addPatient(Patient p, String fullUrl) {
        int index = patients.size();
        LocalDate birth = p.hasBirthDateElement() ? date(p.getBirthDateElement().getValueAsString()) : null;
        String gender = p.hasGender() ? p.getGender().toCode() : null;
        patients.add(new FhirRecords.Patient(index, birth, gender));
        if (p.hasIdElement() && p.getIdElement().getIdPart() != null) {
            patientByKey.put(p.getIdElement().getIdPart(), index);
        }
        if (fullUrl != null) {
            patientByKey.put(key(fullUrl), index);
        }
    }

    private void addObservation(Observation o, String where) {
        if (o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || o.getStatus() == Observation.ObservationStatus.CANCELLED) {
            return;
        }
        String subject = o.getSubject().getReference();
        LocalDate date = null;
        if (o.hasEffectiveDateTimeType()) {
            date = date(o.getEffectiveDateTimeType().getValueAsString());
        } else if (o.hasEffectivePeriod() && o.getEffectivePeriod().hasStartElement()) {
            date = date(o.getEffectivePeriod().getStartElement().getValueAsString());
        } else if (o.hasIssuedElement()) {
            date = date(o.getIssuedElement().getValueAsString());
        }
        addValues(subject, o.getCode(), o.hasValueQuantity() ? o.getValueQuantity() : null, date, where);
        for (Observation.ObservationComponentComponent c : o.getComponent()) {
            addValues(subject, c.getCode(), c.hasValueQuantity() ? c.getValueQuantity() : null, date, where);
        }
    }

    private void addValues(String subject, CodeableConcept code, Quantity q, LocalDate date, String where) {
        double value = Double.NaN;
        String unit = null;
        if (q != null && q.hasValue()) {
            BigDecimal v = q.getValue();
            value = v.doubleValue();
            unit = q.hasCode() ? q.getCode() : q.hasUnit() ? q.getUnit() : null;
        }
        for (Coding c : code.getCoding()) {
            observations.add(new Pending<>(subject, new FhirRecords.ObservationValue(-1, c.getSystem(), c.getCode(), date, value,
                    unit, where)));
        }
    }

    private void addCondition(Condition c) {
        LocalDate onset = start(c.getOnset());
        if (onset == null && c.hasRecordedDateElement()) {
            onset = date(c.getRecordedDateElement().getValueAsString());
        }
        LocalDate abatement = start(c.getAbatement());
        String clinical = firstCode(c.getClinicalStatus());
        String verification = firstCode(c.getVerificationStatus());
        boolean refuted = "refuted".equals(verification) || "entered-in-error".equals(verification);
        for (Coding code : c.getCode().getCoding()) {
            conditions.add(new Pending<>(c.getSubject().getReference(), new FhirRecords.ConditionEntry(-1, code.getSystem(),
                    code.getCode(), onset, abatement, clinical, refuted)));
        }
    }

    FhirRecords records(int files) {
        int unresolved = 0;
        List<FhirRecords.ObservationValue> obs = new ArrayList<>();
        for (Pending<FhirRecords.ObservationValue> p : observations) {
            Integer i = p.subject() == null ? null : patientByKey.get(key(p.subject()));
            if (i == null) {
                unresolved++;
                continue;
            }
            FhirRecords.ObservationValue v = p.value();
            obs.add(new FhirRecords.ObservationValue(i, v.system(), v.code(), v.date(), v.value(), v.unit(), v.where()));
        }
        List<FhirRecords.ConditionEntry> conds = new ArrayList<>();
        for (Pending<FhirRecords.ConditionEntry> p : conditions) {
            Integer i = p.subject() == null ? null : patientByKey.get(key(p.subject()));
            if (i == null) {
                unresolved++;
                continue;
            }
            FhirRecords.ConditionEntry c = p.value();
            conds.add(new FhirRecords.ConditionEntry(i, c.system(), c.code(), c.onset(), c.abatement(), c.clinicalStatus(),
                    c.refuted()));
        }
        return new FhirRecords(patients, obs, conds, files, resources, unresolved);
    }

    /** The id in {@code Patient/<id>}, {@code http://.../Patient/<id>/_history/1} or {@code urn:uuid:<id>}. */
    static String key(String reference) {
        if (reference.startsWith("urn:uuid:")) {
            return reference.substring("urn:uuid:".length());
        }
        int at = reference.lastIndexOf("Patient/");
        if (at < 0) {
            return reference;
        }
        String rest = reference.substring(at + "Patient/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static String firstCode(CodeableConcept cc) {
        return cc == null || cc.getCoding().isEmpty() ? null : cc.getCodingFirstRep().getCode();
    }

    private static LocalDate start(Type t) {
        if (t instanceof BaseDateTimeType) {
            return date(((BaseDateTimeType) t).getValueAsString());
        }
        if (t instanceof Period && ((Period) t).hasStartElement()) {
            return date(((Period) t).getStartElement().getValueAsString());
        }
        return null;
    }

    /** The calendar date as written (a dateTime's offset does not move it); a partial date is its first day. */
    static LocalDate date(String text) {
        if (text == null || text.length() < 4) {
            return null;
        }
        if (text.length() == 4) {
            return LocalDate.of(Integer.parseInt(text), 1, 1);
        }
        if (text.length() == 7) {
            return LocalDate.parse(text + "-01");
        }
        return LocalDate.parse(text.substring(0, 10));
    }
}
