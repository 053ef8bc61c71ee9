package org.fedmed.core.secure.paillier;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.secure.WireFields;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.paillier.PaillierMessage.Abort;
import org.fedmed.core.secure.paillier.PaillierMessage.Ciphertexts;
import org.fedmed.core.secure.paillier.PaillierMessage.DecryptRequest;
import org.fedmed.core.secure.paillier.PaillierMessage.PartialDecryption;
import org.fedmed.core.secure.paillier.PaillierMessage.Setup;

/**
 * The byte encoding of {@link PaillierMessage}s (magic {@code 0x50}, version 1, type, round, fields;
 * big integers as length-prefixed two's-complement bytes). Strict: unknown types, lengths beyond
 * the message and trailing bytes are refused.
 */
public final class PaillierCodec {

    /** First byte of every Paillier message (SecAgg+ messages start with another). */
    public static final int MAGIC = 0x50;
    private static final int VERSION = 1;
    private static final byte[] SIGNING_TAG = "fedmed/paillier/v1".getBytes(StandardCharsets.UTF_8);

    private PaillierCodec() {
    }

    public static boolean isPaillier(byte[] message) {
        return message.length > 0 && (message[0] & 0xff) == MAGIC;
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        WireFields.bytes(out, b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        return WireFields.bytes(in);
    }

    private static int count(DataInputStream in) throws IOException {
        return WireFields.count(in);
    }

    public static byte[] encode(PaillierMessage m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(m instanceof Setup ? 1 : m instanceof Ciphertexts ? 2 : m instanceof DecryptRequest ? 3
                    : m instanceof PartialDecryption ? 4 : 5);
            out.writeInt(m.round());
            if (m instanceof Setup s) {
                bytes(out, s.session());
                WireFields.strings(out, s.participants());
                out.writeInt(s.threshold());
                WireFields.input(out, s.input());
            } else if (m instanceof Ciphertexts c) {
                out.writeUTF(c.site());
                vector(out, c.vector());
                bytes(out, c.credential());
                bytes(out, c.signature());
            } else if (m instanceof DecryptRequest d) {
                out.writeInt(d.contributions().size());
                for (Ciphertexts c : d.contributions()) {
                    bytes(out, encode(c));
                }
            } else if (m instanceof PartialDecryption p) {
                out.writeUTF(p.site());
                out.writeInt(p.share().index());
                integers(out, p.share().values());
                bytes(out, p.signature());
            } else if (m instanceof Abort a) {
                out.writeUTF(a.reason());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory encoding failed", e);
        }
    }

    public static PaillierMessage decode(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            if (in.readUnsignedByte() != MAGIC || in.readUnsignedByte() != VERSION) {
                throw malformed("not a FedMed Paillier message (version " + VERSION + ")");
            }
            int type = in.readUnsignedByte();
            int round = in.readInt();
            PaillierMessage m = switch (type) {
                case 1 -> {
                    byte[] session = bytes(in);
                    List<String> participants = WireFields.strings(in);
                    yield new Setup(session, round, participants, in.readInt(), WireFields.input(in));
                }
                case 2 -> new Ciphertexts(in.readUTF(), round, vector(in), bytes(in), bytes(in));
                case 3 -> {
                    int n = count(in);
                    List<Ciphertexts> cs = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        if (!(decode(bytes(in)) instanceof Ciphertexts c)) {
                            throw malformed("a decrypt request holds something other than ciphertexts");
                        }
                        cs.add(c);
                    }
                    yield new DecryptRequest(round, cs);
                }
                case 4 -> new PartialDecryption(in.readUTF(), round, new DecryptionShare(in.readInt(), integers(in)), bytes(in));
                case 5 -> new Abort(round, in.readUTF());
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

    /** What a reply's signature covers: a domain tag, the session id and the reply without its signature. */
    public static byte[] toBeSigned(byte[] session, PaillierMessage.Reply r) {
        PaillierMessage.Reply unsigned = r instanceof Ciphertexts c
                ? new Ciphertexts(c.site(), c.round(), c.vector(), c.credential(), new byte[0])
                : new PartialDecryption(r.site(), r.round(), ((PartialDecryption) r).share(), new byte[0]);
        byte[] body = encode(unsigned);
        return ByteBuffer.allocate(SIGNING_TAG.length + session.length + body.length).put(SIGNING_TAG).put(session).put(body).array();
    }

    private static void vector(DataOutputStream out, EncryptedVector v) throws IOException {
        out.writeInt(v.length());
        out.writeInt(v.count());
        integers(out, v.ciphertexts());
    }

    private static EncryptedVector vector(DataInputStream in) throws IOException {
        return new EncryptedVector(in.readInt(), in.readInt(), integers(in));
    }

    private static void integers(DataOutputStream out, List<BigInteger> values) throws IOException {
        out.writeInt(values.size());
        for (BigInteger b : values) {
            bytes(out, b.toByteArray());
        }
    }

    private static List<BigInteger> integers(DataInputStream in) throws IOException {
        int n = count(in);
        List<BigInteger> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] b = bytes(in);
            if (b.length == 0) {
                throw malformed("an empty number");
            }
            out.add(new BigInteger(b));
        }
        return out;
    }

    private static SecureStepException malformed(String why) {
        return new SecureStepException("decode", "malformed Paillier message: " + why);
    }
}
