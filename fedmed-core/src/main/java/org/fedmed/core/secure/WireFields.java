package org.fedmed.core.secure;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The field encodings the secure-aggregation codecs share: length-prefixed bytes and string lists,
 * and the round's {@link SecureInput}. Reading is strict: a length beyond what is left of the message
 * is an {@link IllegalArgumentException} the codecs turn into their one-line refusal.
 */
public final class WireFields {

    private WireFields() {
    }

    public static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    public static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IllegalArgumentException("a field of " + n + " bytes is longer than the message");
        }
        return in.readNBytes(n);
    }

    /** A list length, at most the bytes left (every entry takes at least one). */
    public static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IllegalArgumentException("a list of " + n + " entries is longer than the message");
        }
        return n;
    }

    public static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            out.writeUTF(s);
        }
    }

    public static List<String> strings(DataInputStream in) throws IOException {
        int n = count(in);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }

    public static void input(DataOutputStream out, SecureInput s) throws IOException {
        out.writeInt(s.values());
        out.writeBoolean(s.weighted());
        out.writeDouble(s.range());
        out.writeDouble(s.scale());
        out.writeInt(s.sites());
        out.writeDouble(s.maxWeight());
    }

    public static SecureInput input(DataInputStream in) throws IOException {
        return new SecureInput(in.readInt(), in.readBoolean(), in.readDouble(), in.readDouble(), in.readInt(), in.readDouble());
    }
}
