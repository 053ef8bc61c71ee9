package org.fedmed.net.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.net.store.RunStore;
import org.junit.jupiter.api.Test;

/** After a coordinator restart the dashboard plots the rounds an earlier process committed, as the run store holds them. */
class RoundFeedTest {

    @Test
    void storedRoundsComeFirstAndWithheldSiteDetailsStayWithheld() throws Exception {
        RoundFeed feed = new RoundFeed();
        long before = feed.version();
        feed.restore(List.of(
                new RunStore.StoredRound(2, List.of("withheld-1", "withheld-2"), "", true, 0.4, 0.85, null, 10, 10, 1.0),
                new RunStore.StoredRound(1, List.of("north", "south", "east"), "", true, 0.7, 0.8, 0.9, 10, 10, 1.0)));
        List<RoundFeed.Point> points = feed.points();
        assertEquals(List.of(1, 2), points.stream().map(RoundFeed.Point::round).toList());
        assertEquals(new RoundFeed.Point(1, 0.8, Double.NaN, 0.7, 3, true), points.get(0));
        // client-level DP: who took part and the train loss were withheld when the round ran, and stay so
        assertEquals(-1, points.get(1).participants());
        assertTrue(Double.isNaN(points.get(1).trainLoss()));
        assertEquals(0.85, points.get(1).accuracy());
        assertTrue(feed.version() > before, "a waiting page is told");
    }
}
