package org.fedmed.net;

import java.nio.file.Path;
import java.time.Duration;
import org.fedmed.net.node.NodeClient;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.transfer.Weights;

/** A node process with a fake site (no ML engine), for the multi-host test: {@code FakeNodeMain KIT STEP SAMPLES}. */
public final class FakeNodeMain {

    private FakeNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        NodeKit kit = NodeKit.load(Path.of(args[0]));
        NetFixtures.FakeSite site = new NetFixtures.FakeSite(kit.siteId(), Float.parseFloat(args[1]), Long.parseLong(args[2]));
        int code = new NodeClient(kit, spec -> site, System.out, Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60)).run();
        System.exit(code);
    }
}
