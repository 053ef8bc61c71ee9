package org.fedmed.net.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoShardsTest {

    @Test
    void sitesNamedAsPartsServeThemAndTheOthersTakeTheFreePartsInOrder() {
        assertEquals(Map.of("north", "site-1", "south", "site-2"),
                DemoShards.assign(List.of("north", "south"), List.of("site-1", "site-2", "site-3"), "wdbc"));
        assertEquals(Map.of("site-2", "site-2", "north", "site-1"),
                DemoShards.assign(List.of("site-2", "north"), List.of("site-1", "site-2"), "wdbc"));
        assertEquals(Map.of("cleveland", "cleveland", "b", "hungary"),
                DemoShards.assign(List.of("cleveland", "b"), List.of("cleveland", "hungary", "switzerland"), "heart"));
    }

    @Test
    void moreSitesThanPartsIsRefusedNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoShards.assign(List.of("a", "b", "c"), List.of("site-1", "site-2"), "wdbc"));
        assertEquals("3 sites are provisioned (a, b, c) but the demo study splits wdbc into 2 parts: set the study's sites: 3"
                + " (or revoke the sites that take no part)", e.getMessage());
    }
}
