package org.fedmed.net.coordinator;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.fedmed.core.privacy.budget.NodePrivacyPolicy;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.net.Protocol;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.net.prep.PrepProtocol;
import org.fedmed.net.proto.CoordinatorGrpc;
import org.fedmed.net.proto.CoordinatorMessage;
import org.fedmed.net.proto.Hello;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.Refusal;
import org.fedmed.net.proto.StudyDescription;
import org.fedmed.net.proto.Welcome;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.tls.SiteAuthenticator;
import org.fedmed.net.tls.Tls;
import org.fedmed.net.trail.CoordinatorTrail;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.DataSplit;

/**
 * The coordinator's gRPC endpoint: TLS 1.3 with required client certificates checked by
 * {@link SiteAuthenticator}, one {@link RemoteSite} per provisioned site, and a stream per connected
 * node. Inbound messages are limited to one chunk plus a little headroom.
 */
public final class CoordinatorServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CoordinatorServer.class.getName());
    private static final Context.Key<String> SITE = Context.key("fedmed-site");
    private static final Context.Key<String> PEER = Context.key("fedmed-peer");
    private static final Context.Key<X509Certificate> CERT = Context.key("fedmed-certificate");

    private final SiteAuthenticator authenticator;
    private final Map<String, RemoteSite> sites = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile Consumer<RemoteSite> lateJoiners; // null: sites added after the start are refused
    private final Duration joinWait;
    private final int chunkBytes;
    private final List<NodeSession> sessions = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final TrafficCounter traffic = new TrafficCounter();
    private final Welcome welcome;
    private final Server server;
    private volatile CoordinatorMessage setup; // an own-data study's setup, once fitted
    private volatile Map<String, String> notInStudy = Map.of(); // site -> why it gets no setup
    private volatile DataSplit demoSplit; // a demo-data study's split, which every demo-data node must share
    private volatile Map<String, String> demoShards = Map.of(); // site id → the part of the demo split it serves
    private volatile TrainingConfig training; // the study's fit settings, checked against a budgeted node's policy
    private volatile String secureProtocol; // the study's secure aggregation, named in its fit tasks, or null
    private volatile StudyDescription study; // what the welcome tells the nodes the study is, or null
    private volatile CoordinatorTrail trail; // the audit chain, or null: none
    private volatile BiConsumer<String, NodeMessage> tap; // sees every message a node sends (audits, tests), or null

    /**
     * @param model     the model every node builds, or null in an own-data study (it follows in
     *                  {@link #publishSetup} once the preprocessing is fitted)
     * @param siteOrder provisioned sites in the order the federation lists them (the aggregation order)
     */
    public CoordinatorServer(FederationLayout layout, String federation, ModelSpec model, List<String> siteOrder,
                             InetSocketAddress listen, Duration joinWait, int chunkBytes) {
        this.authenticator = new SiteAuthenticator(layout, r -> refusals.add(r.toString()));
        this.joinWait = joinWait;
        this.chunkBytes = chunkBytes;
        for (String id : siteOrder) {
            if (!authenticator.provisionedSites().contains(id)) {
                throw new IllegalArgumentException("site " + id + " is not provisioned in " + layout.root());
            }
            sites.put(id, new RemoteSite(id, joinWait, chunkBytes, 8, traffic));
        }
        Welcome.Builder w = Welcome.newBuilder().setProtocolVersion(Protocol.VERSION).setFederation(federation)
                .setMaxChunkBytes(chunkBytes);
        if (model != null) {
            w.setModel(Protocol.descriptor(model));
        }
        this.welcome = w.build();
        CoordinatorGrpc.CoordinatorImplBase service = new CoordinatorGrpc.CoordinatorImplBase() {
            @Override
            public StreamObserver<NodeMessage> join(StreamObserver<CoordinatorMessage> responses) {
                String site = SITE.get();
                RemoteSite remote = sites.get(site);
                if (remote == null) {
                    remote = lateJoiner(site);
                }
                ServerCallStreamObserver<CoordinatorMessage> out = (ServerCallStreamObserver<CoordinatorMessage>) responses;
                if (remote == null) {
                    String line = "site " + site + " is provisioned but not part of this run (added after the coordinator started?)";
                    refusals.add(line);
                    LOG.log(Level.WARNING, line);
                    responses.onError(Status.PERMISSION_DENIED.withDescription(line).asRuntimeException());
                    return new NoOpObserver();
                }
                CoordinatorTrail chain = trail;
                if (chain != null) {
                    chain.siteJoined(site, CERT.get());
                }
                NodeSession s = new NodeSession(site, PEER.get(), remote, out, welcomeFor(site), traffic, refusals::add, CoordinatorServer.this::afterWelcome,
                        hello -> unfit(site, hello), m -> {
                            BiConsumer<String, NodeMessage> t = tap;
                            if (t != null) {
                                t.accept(site, m);
                            }
                        });
                sessions.removeIf(old -> !old.isOpen());
                sessions.add(s);
                return s;
            }
        };
        this.server = NettyServerBuilder.forAddress(listen)
                .sslContext(Tls.server(layout, authenticator))
                .maxInboundMessageSize(chunkBytes + Weights.MESSAGE_OVERHEAD)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .flowControlWindow(Weights.FLOW_CONTROL_WINDOW)
                .addService(ServerInterceptors.intercept(service, new IdentityInterceptor()))
                .build();
    }

    /** Reads the site id from the verified TLS peer certificate (never from a message) and re-checks it. */
    private final class IdentityInterceptor implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            SSLSession tls = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            Object remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            String peer = remote == null ? "?" : remote.toString();
            try {
                if (tls == null) {
                    throw new SSLPeerUnverifiedException("no TLS session");
                }
                Certificate[] certs = tls.getPeerCertificates();
                X509Certificate[] chain = new X509Certificate[certs.length];
                for (int i = 0; i < certs.length; i++) {
                    chain[i] = (X509Certificate) certs[i];
                }
                String site = authenticator.authenticate(chain, peer);
                Context ctx = Context.current().withValue(SITE, site).withValue(PEER, peer).withValue(CERT, chain[0]);
                return Contexts.interceptCall(ctx, call, headers, next);
            } catch (SiteAuthenticator.RefusedException e) {
                call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
            } catch (SSLPeerUnverifiedException e) {
                call.close(Status.UNAUTHENTICATED.withDescription("no verified client certificate"), new Metadata());
            }
            return new ServerCall.Listener<>() {
            };
        }
    }

    private static final class NoOpObserver implements StreamObserver<NodeMessage> {
        @Override
        public void onNext(NodeMessage value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    public CoordinatorServer start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen: " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "coordinator listening on port {0}", server.getPort());
        return this;
    }

    public int port() {
        return server.getPort();
    }

    /**
     * Lets sites provisioned after the start (the authenticator re-reads the registry at each
     * connection) join: each new one gets a {@link RemoteSite}, handed to {@code joined} once.
     */
    public void acceptLateJoiners(Consumer<RemoteSite> joined) {
        this.lateJoiners = joined;
    }

    /** A site provisioned since the start, when late joiners are accepted; else null. */
    private RemoteSite lateJoiner(String site) {
        Consumer<RemoteSite> joined = lateJoiners;
        if (joined == null) {
            return null;
        }
        RemoteSite fresh;
        synchronized (sites) {
            if (sites.containsKey(site)) {
                return sites.get(site);
            }
            fresh = new RemoteSite(site, joinWait, chunkBytes, 8, traffic);
            fresh.secureAggregation(secureProtocol);
            fresh.auditTrail(trail);
            sites.put(site, fresh);
        }
        joined.accept(fresh);
        return fresh;
    }

    /** Records joins, round starts and received updates in the coordinator's audit chain (and sends receipts). */
    public void auditTrail(CoordinatorTrail t) {
        this.trail = t;
        // revocations in the chain: those on the list now, and each one added while the study runs
        authenticator.onRevocation((site, serial) -> {
            CoordinatorTrail c = trail;
            if (c != null) {
                c.siteRevoked(site, serial);
            }
        });
        synchronized (sites) {
            sites.values().forEach(s -> s.auditTrail(t));
        }
    }

    /** The protocol that sums the study's secure rounds ("secagg+"), named in every secure fit task; null: none. */
    public void secureAggregation(String protocol) {
        this.secureProtocol = protocol;
        synchronized (sites) {
            sites.values().forEach(s -> s.secureAggregation(protocol));
        }
    }

    /**
     * Shows {@code tap} every message a node sends, with its site id, as it arrives (after TLS,
     * before the coordinator acts on it): what actually left the hospitals. Null removes it.
     */
    public void tap(BiConsumer<String, NodeMessage> tap) {
        this.tap = tap;
    }

    public List<RemoteSite> sites() {
        synchronized (sites) {
            return new ArrayList<>(sites.values());
        }
    }

    public TrafficCounter traffic() {
        return traffic;
    }

    /**
     * A demo-data study: a node that reports another split of the bundled data (other sites,
     * partition, seed, ...) is refused at its hello, so it never trains another study's rows.
     */
    public void expectDemoSplit(DataSplit split) {
        expectDemoSplit(split, Map.of());
    }

    /**
     * {@link #expectDemoSplit(DataSplit)}, and the welcome tells each node the split and the part it serves
     * ({@code shards}: site id → part; a site not named serves the part of its own id).
     */
    public void expectDemoSplit(DataSplit split, Map<String, String> shards) {
        this.demoSplit = split;
        this.demoShards = Map.copyOf(shards);
    }

    /** Describes the study in every welcome from now on, so each hospital can approve it. */
    public void describeStudy(StudyDescription d) {
        this.study = d;
    }

    private Welcome welcomeFor(String site) {
        Welcome.Builder w = welcome.toBuilder().setSiteId(site);
        StudyDescription d = study;
        if (d != null) {
            w.setStudy(d);
        }
        DataSplit split = demoSplit;
        if (split != null) {
            w.setDemoSplit(Protocol.demoSplit(split)).setDemoShard(demoShards.getOrDefault(site, site));
        }
        return w.build();
    }

    /**
     * The training the study asks of every site: a node that announces a privacy policy these
     * settings cannot meet (another δ, a larger clip, less noise, no DP at all) is refused at its
     * hello, before round 1, with the policy's own line; the node would refuse every round anyway.
     */
    public void expectTraining(TrainingConfig fit) {
        this.training = fit;
    }

    /** Why {@code site}'s hello cannot join, or null. */
    private String unfit(String site, Hello hello) {
        DataSplit study = demoSplit;
        if (study != null && hello.hasDemoSplit()) {
            String mismatch = study.mismatch(site, Protocol.demoSplit(hello.getDemoSplit()));
            if (mismatch != null) {
                return mismatch;
            }
        }
        TrainingConfig fit = training;
        if (fit != null && hello.hasPolicy()) {
            return Protocol.nodePolicy(hello.getPolicy()).refusal(site, NodePrivacyPolicy.STUDY, fit.dpSgd()).orElse(null);
        }
        return null;
    }

    /** Every refused connection and message so far, as logged. */
    public List<String> refusals() {
        return Collections.unmodifiableList(refusals);
    }

    public long connectedSites() {
        synchronized (sites) {
            return sites.values().stream().filter(RemoteSite::isConnected).count();
        }
    }

    /** Waits until {@code n} sites are connected or {@code timeout} passes; returns how many are. */
    public long awaitConnected(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connectedSites() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return connectedSites();
    }

    /**
     * Sends an own-data study's setup to the connected member sites now and to every member after
     * each later welcome; other sites are told once why they get no tasks.
     */
    public void publishSetup(OwnDataSetup s, Collection<String> members, Map<String, String> excluded) {
        Map<String, String> others = new LinkedHashMap<>();
        synchronized (sites) {
            for (String id : sites.keySet()) {
                if (!members.contains(id)) {
                    others.put(id, excluded.getOrDefault(id, "it gave no statistics"));
                }
            }
        }
        notInStudy = Map.copyOf(others);
        setup = CoordinatorMessage.newBuilder().setSetup(PrepProtocol.setup(s)).build();
        for (NodeSession session : sessions) {
            if (session.isOpen() && session.isGreeted()) {
                CoordinatorMessage m = afterWelcome(session.siteId());
                if (m != null) {
                    session.trySend(m);
                }
            }
        }
    }

    private CoordinatorMessage afterWelcome(String siteId) {
        CoordinatorMessage s = setup;
        if (s == null) {
            return null;
        }
        String why = notInStudy.get(siteId);
        return why == null ? s : CoordinatorMessage.newBuilder().setRefusal(Refusal.newBuilder()
                .setReason("site " + siteId + " is not part of this study and gets no tasks: " + why)).build();
    }

    /** Waits until all of {@code ids} are connected or {@code timeout} passes; returns how many are. */
    public long awaitConnected(Collection<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connected(ids) < ids.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return connected(ids);
    }

    private long connected(Collection<String> ids) {
        return ids.stream().map(sites::get).filter(s -> s != null && s.isConnected()).count();
    }

    /** Tells every connected node that the federation is over (their streams end normally). */
    public void finish() {
        for (NodeSession s : sessions) {
            s.finish();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
    }
}
