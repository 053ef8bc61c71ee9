package org.fedmed.sim.distill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.training.DistillConfig;
import org.fedmed.core.training.ModelArchitecture;

/**
 * What FedDF adds to a study: which architecture each site trains, how many training examples the
 * coordinator takes as unlabeled proxy data, and how it distills.
 *
 * @param siteModels architectures handed to the sites in turn (site i gets entry i mod size), or one per site
 * @param proxy      proxy examples drawn from the sites' training data (see {@link ProxyData})
 * @param distill    the coordinator's distillation; its seed is replaced per round and architecture
 */
public record FedDfSpec(List<ModelArchitecture> siteModels, int proxy, DistillConfig distill) {

    public FedDfSpec {
        siteModels = List.copyOf(siteModels);
        if (siteModels.isEmpty()) {
            throw new IllegalArgumentException("--site-models needs at least one architecture");
        }
        if (proxy <= 0) {
            throw new IllegalArgumentException("--proxy needs at least 1 example, got " + proxy);
        }
        for (ModelArchitecture a : siteModels) {
            if (a == ModelArchitecture.COX) {
                throw new IllegalArgumentException("--site-models: cox gives risk scores, not class probabilities, so it has nothing to distill");
            }
        }
    }

    /** "cnn,resnet" as architectures; an unknown name is named in the refusal. */
    public static List<ModelArchitecture> parseModels(String list) {
        List<ModelArchitecture> out = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("--site-models has an empty entry: '" + list + "'");
            }
            try {
                out.add(ModelArchitecture.parse(part));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--site-models: " + e.getMessage());
            }
        }
        return out;
    }

    /** Each site's architecture, by site id in the order given. */
    public Map<String, ModelArchitecture> assign(List<String> siteIds) {
        if (siteModels.size() > siteIds.size()) {
            throw new IllegalArgumentException("--site-models names " + siteModels.size() + " architectures for " + siteIds.size()
                    + " sites; every architecture needs a site");
        }
        Map<String, ModelArchitecture> out = new LinkedHashMap<>();
        for (int i = 0; i < siteIds.size(); i++) {
            out.put(siteIds.get(i), siteModels.get(i % siteModels.size()));
        }
        return out;
    }

    /** The distinct architectures, in order of first use. */
    public List<ModelArchitecture> architectures() {
        return siteModels.stream().distinct().toList();
    }
}
