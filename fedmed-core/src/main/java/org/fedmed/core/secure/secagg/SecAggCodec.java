package org.fedmed.core.secure.secagg;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedmed.core.secure.SecureInput;
import org.fedmed.core.secure.WireFields;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.secagg.SecAggMessage.Abort;
import org.fedmed.core.secure.secagg.SecAggMessage.Ack;
import org.fedmed.core.secure.secagg.SecAggMessage.ConsistencyRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.ConsistencySignature;
import org.fedmed.core.secure.secagg.SecAggMessage.EncryptedShares;
import org.fedmed.core.secure.secagg.SecAggMessage.KeyAdvertisement;
import org.fedmed.core.secure.secagg.SecAggMessage.MaskedInput;
import org.fedmed.core.secure.secagg.SecAggMessage.MaskedInputRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.Reply;
import org.fedmed.core.secure.secagg.SecAggMessage.Setup;
import org.fedmed.core.secure.secagg.SecAggMessage.ShareKeysRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.UnmaskRequest;
import org.fedmed.core.secure.secagg.SecAggMessage.UnmaskShares;

/**
 * The byte encoding of {@link SecAggMessage}s, used both in a simulation and inside the gRPC
 * {@code SecureStep} call: a magic byte, a version, the message type, then the fields (lengths
 * before variable parts, int vectors little-endian). Decoding is strict: an unknown type, a length
 * beyond the message or trailing bytes are refused.
 */
public final class SecAggCodec {

    private static final int MAGIC = 0x5A;
    private static final int VERSION = 1;
    private static final byte[] SIGNING_TAG = "fedmed/secagg/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_SIGNATURE = new byte[0];

    private SecAggCodec() {
    }

    public static byte[] encode(SecAggMessage m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(m instanceof MaskedInput in ? 64 + 4 * in.values().length : 256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(type(m));
            out.writeInt(m.round());
            if (m instanceof Setup s) {
                writeConfig(out, s.config());
            } else if (m instanceof KeyAdvertisement a) {
                out.writeUTF(a.site());
                WireFields.bytes(out, a.encryptionKey());
                WireFields.bytes(out, a.maskKey());
                WireFields.bytes(out, a.credential());
                WireFields.bytes(out, a.signature());
            } else if (m instanceof ShareKeysRequest r) {
                out.writeInt(r.peers().size());
                for (KeyAdvertisement a : r.peers()) {
                    WireFields.bytes(out, encode(a));
                }
            } else if (m instanceof EncryptedShares e) {
                out.writeUTF(e.site());
                WireFields.bytes(out, e.selfMaskCommitment());
                map(out, e.ciphertexts());
                WireFields.bytes(out, e.signature());
            } else if (m instanceof MaskedInputRequest r) {
                map(out, r.inbox());
            } else if (m instanceof MaskedInput in) {
                out.writeUTF(in.site());
                ints(out, in.values());
                WireFields.bytes(out, in.signature());
            } else if (m instanceof ConsistencyRequest r) {
                WireFields.strings(out, r.survivors());
            } else if (m instanceof ConsistencySignature c) {
                out.writeUTF(c.site());
                WireFields.bytes(out, c.signature());
            } else if (m instanceof UnmaskRequest r) {
                WireFields.strings(out, r.survivors());
                map(out, r.signatures());
            } else if (m instanceof UnmaskShares u) {
                out.writeUTF(u.site());
                map(out, u.selfMaskShares());
                map(out, u.maskKeyShares());
                WireFields.bytes(out, u.signature());
            } else if (m instanceof Abort a) {
                out.writeUTF(a.reason());
            } else if (m instanceof Ack a) {
                out.writeUTF(a.site());
                WireFields.bytes(out, a.signature());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory encoding failed", e);
        }
    }

    public static SecAggMessage decode(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
            if (in.readUnsignedByte() != MAGIC || in.readUnsignedByte() != VERSION) {
                throw malformed("not a FedMed secure-aggregation message (version " + VERSION + ")");
            }
            int type = in.readUnsignedByte();
            int round = in.readInt();
            SecAggMessage m = switch (type) {
                case 1 -> new Setup(readConfig(in, round));
                case 2 -> new KeyAdvertisement(in.readUTF(), round, WireFields.bytes(in), WireFields.bytes(in), WireFields.bytes(in), WireFields.bytes(in));
                case 3 -> {
                    int n = WireFields.count(in);
                    List<KeyAdvertisement> peers = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        if (!(decode(WireFields.bytes(in)) instanceof KeyAdvertisement a)) {
                            throw malformed("share_keys request holds something other than a key advertisement");
                        }
                        peers.add(a);
                    }
                    yield new ShareKeysRequest(round, peers);
                }
                case 4 -> new EncryptedShares(in.readUTF(), round, WireFields.bytes(in), map(in), WireFields.bytes(in));
                case 5 -> new MaskedInputRequest(round, map(in));
                case 6 -> new MaskedInput(in.readUTF(), round, ints(in), WireFields.bytes(in));
                case 7 -> new ConsistencyRequest(round, WireFields.strings(in));
                case 8 -> new ConsistencySignature(in.readUTF(), round, WireFields.bytes(in));
                case 9 -> new UnmaskRequest(round, WireFields.strings(in), map(in));
                case 10 -> new UnmaskShares(in.readUTF(), round, map(in), map(in), WireFields.bytes(in));
                case 11 -> new Abort(round, in.readUTF());
                case 12 -> new Ack(in.readUTF(), round, WireFields.bytes(in));
                default -> throw malformed("unknown message type " + type);
            };
            if (in.available() > 0) {
                throw malformed(in.available() + " bytes after the " + m.step() + " message");
            }
            return m;
        } catch (IOException e) {
            throw malformed("truncated message");
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    /** The bytes a reply's signature covers: a domain tag, the round's session id and the reply without its signature. */
    public static byte[] toBeSigned(byte[] session, Reply reply) {
        byte[] body = encode(unsigned(reply));
        ByteBuffer b = ByteBuffer.allocate(SIGNING_TAG.length + session.length + body.length);
        return b.put(SIGNING_TAG).put(session).put(body).array();
    }

    /** The bytes a consistency signature covers: the survivor list of the round (step 3). */
    public static byte[] survivorsToBeSigned(byte[] session, String site, int round, List<String> survivors) {
        byte[] list = encode(new ConsistencyRequest(round, survivors));
        byte[] who = site.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(SIGNING_TAG.length + session.length + list.length + who.length)
                .put(SIGNING_TAG).put(session).put(list).put(who).array();
    }

    private static Reply unsigned(Reply r) {
        byte[] no = NO_SIGNATURE;
        if (r instanceof KeyAdvertisement a) {
            return new KeyAdvertisement(a.site(), a.round(), a.encryptionKey(), a.maskKey(), a.credential(), no);
        } else if (r instanceof EncryptedShares e) {
            return new EncryptedShares(e.site(), e.round(), e.selfMaskCommitment(), e.ciphertexts(), no);
        } else if (r instanceof MaskedInput in) {
            return new MaskedInput(in.site(), in.round(), in.values(), no);
        } else if (r instanceof ConsistencySignature c) {
            return new ConsistencySignature(c.site(), c.round(), no);
        } else if (r instanceof UnmaskShares u) {
            return new UnmaskShares(u.site(), u.round(), u.selfMaskShares(), u.maskKeyShares(), no);
        }
        Ack a = (Ack) r;
        return new Ack(a.site(), a.round(), no);
    }

    private static final List<Class<? extends SecAggMessage>> TYPES = List.of(Setup.class, KeyAdvertisement.class,
            ShareKeysRequest.class, EncryptedShares.class, MaskedInputRequest.class, MaskedInput.class, ConsistencyRequest.class,
            ConsistencySignature.class, UnmaskRequest.class, UnmaskShares.class, Abort.class, Ack.class);

    /** The message's type byte: its position in {@link #TYPES} + 1. */
    private static int type(SecAggMessage m) {
        return TYPES.indexOf(m.getClass()) + 1;
    }

    private static void writeConfig(DataOutputStream out, SecAggConfig c) throws IOException {
        WireFields.bytes(out, c.session());
        WireFields.strings(out, c.participants());
        SecAggParameters p = c.parameters();
        out.writeInt(p.sites());
        out.writeInt(p.degree());
        out.writeInt(p.threshold());
        out.writeDouble(p.dropout());
        out.writeDouble(p.corruption());
        out.writeLong(c.graphSeed());
        WireFields.input(out, c.input());
        out.writeDouble(c.noiseMu());
    }

    private static SecAggConfig readConfig(DataInputStream in, int round) throws IOException {
        byte[] session = WireFields.bytes(in);
        List<String> participants = WireFields.strings(in);
        SecAggParameters p = new SecAggParameters(in.readInt(), in.readInt(), in.readInt(), in.readDouble(), in.readDouble());
        long seed = in.readLong();
        SecureInput s = WireFields.input(in);
        return new SecAggConfig(session, round, participants, p, seed, s, in.readDouble());
    }

    private static void map(DataOutputStream out, SortedMap<String, byte[]> map) throws IOException {
        out.writeInt(map.size());
        for (var e : map.entrySet()) {
            out.writeUTF(e.getKey());
            WireFields.bytes(out, e.getValue());
        }
    }

    private static SortedMap<String, byte[]> map(DataInputStream in) throws IOException {
        int n = WireFields.count(in);
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String k = in.readUTF();
            if (out.put(k, WireFields.bytes(in)) != null) {
                throw malformed("site " + k + " appears twice");
            }
        }
        return out;
    }

    private static void ints(DataOutputStream out, int[] v) throws IOException {
        out.writeInt(v.length);
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        out.write(b.array());
    }

    private static int[] ints(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || 4L * n > in.available()) {
            throw malformed("a vector of " + n + " elements is longer than the message");
        }
        int[] v = new int[n];
        ByteBuffer.wrap(in.readNBytes(4 * n)).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }

    private static SecureStepException malformed(String why) {
        return new SecureStepException("decode", "malformed secure-aggregation message: " + why);
    }
}
