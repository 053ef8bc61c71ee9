package org.fedmed.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
