package org.fedmed.fhir;

import java.util.List;

/**
 * The label column of a FHIR table: a patient with a matching Condition gets the second class, any
 * other patient the first.
 *
 * @param name    the label column name (the study's {@code label})
 * @param code    the Condition codes that make a patient positive
 * @param when    which Conditions count
 * @param classes [class without, class with], as the study's {@code classes} names them
 */
public record LabelRule(String name, CodeRef code, FeatureRule.ConditionWhen when, List<String> classes) {

    public LabelRule {
        classes = List.copyOf(classes);
        if (classes.size() != 2 || classes.get(0).equals(classes.get(1))) {
            throw new IllegalArgumentException("label classes must be two different names, got " + classes);
        }
    }
}
