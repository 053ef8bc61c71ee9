package org.fedmed.fhir;

import java.time.LocalDate;
import java.util.List;

/**
 * What a FHIR folder holds that a mapping can use, taken out of the parsed resources: Patients and,
 * joined to them by reference, Observation values and Conditions. Reading and mapping are apart so
 * the mapping never sees HAPI's model, and a test can build these by hand.
 *
 * @param patients           in reading order (files by name, then line or entry)
 * @param observations       one per Observation value (a component is a value of its own)
 * @param conditions         one per Condition Coding
 * @param files              files read
 * @param resources          resources parsed
 * @param unresolved         Observations and Conditions whose subject is no Patient of the folder (ignored)
 */
public record FhirRecords(List<Patient> patients, List<ObservationValue> observations, List<ConditionEntry> conditions,
                          int files, int resources, int unresolved) {

    public FhirRecords {
        patients = List.copyOf(patients);
        observations = List.copyOf(observations);
        conditions = List.copyOf(conditions);
    }

    /**
     * A Patient: the index that Observations and Conditions refer to, birth date and gender.
     *
     * @param birthDate null when not recorded
     * @param gender    {@code Patient.gender} code, null when not recorded
     */
    public record Patient(int index, LocalDate birthDate, String gender) {
    }

    /**
     * One coded value of an Observation.
     *
     * @param patient index of the Patient
     * @param date    effective date (or start of the effective period; issued when neither), null when none
     * @param value   the quantity's value, NaN when the Observation has no quantity
     * @param unit    the UCUM code of the quantity (its display unit when it has no code), or null
     * @param where   "file, line N" or "file, entry N", for a message about this value's unit
     */
    public record ObservationValue(int patient, String system, String code, LocalDate date, double value, String unit,
                                   String where) {
    }

    /**
     * One Coding of a Condition.
     *
     * @param onset          onset date (recorded date when there is none), null when neither
     * @param abatement      abatement date, null when none
     * @param clinicalStatus {@code Condition.clinicalStatus} code, null when none
     * @param refuted        verification status refuted or entered-in-error
     */
    public record ConditionEntry(int patient, String system, String code, LocalDate onset, LocalDate abatement,
                                 String clinicalStatus, boolean refuted) {
    }
}
