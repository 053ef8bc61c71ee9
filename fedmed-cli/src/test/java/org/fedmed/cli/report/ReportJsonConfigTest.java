package org.fedmed.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/** report.json's config names the aggregator, so a table of runs can tell a defended run from a plain one. */
class ReportJsonConfigTest {

    @Test
    void theConfigNamesTheAggregator() {
        StudySpecBuilder b = new StudySpecBuilder();
        assertEquals("mean", ReportJson.config(b.build()).get("aggregator").asText());
        b.aggregator = "multi_krum:f=1,m=3";
        assertEquals("multi_krum:f=1,m=3", ReportJson.config(b.build()).get("aggregator").asText());
    }

    @Test
    void theConfigNamesTheAugmentationAndTheValidationShareWhenTheyApply() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "breastmnist";
        assertFalse(ReportJson.config(b.build()).has("augment"));
        assertFalse(ReportJson.config(b.build()).has("validation_share"));
        b.augment = "shift:1,flip";
        b.targetSensitivity = 0.8;
        assertEquals("flip,shift:1", ReportJson.config(b.build()).get("augment").asText());
        assertEquals(0.15, ReportJson.config(b.build()).get("validation_share").asDouble());
        b.validationShare = 0.3;
        assertEquals(0.3, ReportJson.config(b.build()).get("validation_share").asDouble());
    }
}
