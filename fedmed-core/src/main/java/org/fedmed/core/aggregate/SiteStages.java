package org.fedmed.core.aggregate;

import java.util.List;

/** Rebuilds site stages from their wire form; an unknown stage is an error naming it. */
public final class SiteStages {

    public static final List<String> NAMES = List.of(ClipStage.NAME, LayerClipStage.NAME, NoiseShareStage.NAME);

    private SiteStages() {
    }

    public static SiteStage create(StageSpec spec) {
        return switch (spec.name()) {
            case ClipStage.NAME -> ClipStage.of(spec);
            case LayerClipStage.NAME -> LayerClipStage.of(spec);
            case NoiseShareStage.NAME -> NoiseShareStage.of(spec);
            default -> throw new IllegalArgumentException("unknown site stage '" + spec.name() + "'; known: " + NAMES);
        };
    }
}
