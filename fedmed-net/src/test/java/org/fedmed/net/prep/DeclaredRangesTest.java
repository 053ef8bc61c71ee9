package org.fedmed.net.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.prep.FeatureRange;
import org.fedmed.data.prep.FeatureStats;
import org.fedmed.data.read.TableSchema;
import org.fedmed.net.Protocol;
import org.fedmed.study.prep.FeatureDeclarations;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.PreprocessingFit;
import org.junit.jupiter.api.Test;

/** Declared feature ranges from the study file to the node and back into the coordinator's fit; the study's δ on the wire. */
class DeclaredRangesTest {

    @Test
    void featuresMayDeclareRangesAndErrorsNameTheEntry() {
        FeatureDeclarations d = FeatureDeclarations.parse(List.of("age", Map.of("name", "chol", "min", 100, "max", "600")));
        assertEquals(List.of("age", "chol"), d.names());
        assertEquals(Map.of("chol", new FeatureRange(100, 600)), d.ranges());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureDeclarations.parse(List.of(Map.of("name", "age", "min", 9, "max", 1))));
        assertTrue(e.getMessage().startsWith("study.data.features[0] (age): a feature range needs finite min < max"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureDeclarations.parse(List.of("x", Map.of("name", "age", "low", 1))));
        assertTrue(e.getMessage().startsWith("study.data.features[1]: unknown key 'low'"), e.getMessage());
    }

    @Test
    void rangesTravelInTheSchema() {
        OwnDataSchema s = new OwnDataSchema(new TableSchema("y", List.of("a", "b"), List.of("age", "chol")), 0.2, 7,
                Map.of("chol", new FeatureRange(100, 600)));
        assertEquals(s, PrepProtocol.schema(PrepProtocol.schema(s)));
        assertThrows(IllegalArgumentException.class, () -> new OwnDataSchema(s.table(), 0.2, 7, Map.of("bmi", new FeatureRange(0, 1))));
    }

    @Test
    void theCoordinatorClampsNoisyAggregatesIntoTheDeclaredRanges() {
        Map<String, FeatureRange> ranges = Map.of("a", new FeatureRange(0, 10), "b", new FeatureRange(0, 2));
        List<String> names = List.of("a", "b", "c");
        // a: mean 12 (above the range), b: negative variance, c: no range (left alone)
        FeatureStats noisy = new FeatureStats(100, new long[] {50, 40, 30}, new double[] {600, 40, 7}, new double[] {7300, 30, -5});
        FeatureStats fixed = PreprocessingFit.withinRanges(noisy, names, ranges);
        assertEquals(10, fixed.mean(0), 1e-12);
        assertTrue(fixed.std(0) <= 5 + 1e-12, "at most half the range's width: " + fixed.std(0));
        assertEquals(1.0, fixed.mean(1), 1e-12);
        assertEquals(Math.sqrt(1e-6 * 4), fixed.std(1), 1e-12, "the variance floor");
        assertEquals(7, fixed.sum()[2]);
        assertEquals(-5, fixed.sumSq()[2]);
        assertArrayEquals(noisy.observed(), fixed.observed());
        FeatureStats exact = new FeatureStats(4, new long[] {4, 4, 4}, new double[] {10, 4, 1}, new double[] {30, 6, 1});
        FeatureStats same = PreprocessingFit.withinRanges(exact, names, ranges);
        assertArrayEquals(exact.sum(), same.sum(), "plausible statistics are left as they are");
        assertArrayEquals(exact.sumSq(), same.sumSq());
    }

    @Test
    void theStudysDeltaTravelsWithTheFitTask() {
        TrainingConfig c = TrainingConfig.defaults().withDpSgd(new DpSgd(1.0, 1.1, false).withDelta(1e-6));
        assertEquals(1e-6, Protocol.trainingConfig(Protocol.fitTask(c, SitePlan.none())).dpSgd().delta());
        TrainingConfig unstated = TrainingConfig.defaults().withDpSgd(new DpSgd(1.0, 1.1, false));
        assertTrue(Double.isNaN(Protocol.trainingConfig(Protocol.fitTask(unstated, SitePlan.none())).dpSgd().delta()));
        assertNull(Protocol.trainingConfig(Protocol.fitTask(TrainingConfig.defaults(), SitePlan.none())).dpSgd());
    }
}
