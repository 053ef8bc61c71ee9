package org.fedmed.net.coordinator;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.Provisioner;

/** The order in which the coordinator offers its sites to the round loop. */
final class SiteOrder {

    private static final System.Logger LOG = System.getLogger(SiteOrder.class.getName());

    private SiteOrder() {
    }

    /** Provisioned sites in the data's site order (the simulation's order, hence the same aggregation order), then the rest. */
    static List<String> of(FederationLayout layout, List<String> dataSiteIds) {
        Set<String> provisioned = new TreeSet<>(new Provisioner(layout.root()).activeSites());
        List<String> order = new ArrayList<>();
        for (String id : dataSiteIds) {
            if (provisioned.remove(id)) {
                order.add(id);
            }
        }
        order.addAll(provisioned);
        if (order.isEmpty()) {
            throw new IllegalArgumentException("no sites are provisioned in " + layout.root());
        }
        LOG.log(Level.DEBUG, "site order {0}", order);
        return order;
    }
}
