package org.fedmed.core.secure.secagg;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The typed messages of a SecAgg+ round (Bonawitz et al. 2017, §4; Bell et al. 2020). Requests go
 * from the coordinator to a site, replies back; every reply is signed by its site over the round's
 * session id, the step and the content ({@link SecAggCodec#toBeSigned}). The same records are
 * encoded by {@link SecAggCodec} in a simulation and on the wire.
 */
public sealed interface SecAggMessage {

    int round();

    /** The step's wire name, used in every message about it. */
    String step();

    /** A message a site sends, signed by it. */
    sealed interface Reply extends SecAggMessage {
        String site();

        byte[] signature();
    }

    /** Step 0: the round's settings. */
    record Setup(SecAggConfig config) implements SecAggMessage {
        public int round() {
            return config.round();
        }

        public String step() {
            return "advertise_keys";
        }
    }

    /** A site's two X25519 public keys (share encryption c, masks s) and its credential. */
    record KeyAdvertisement(String site, int round, byte[] encryptionKey, byte[] maskKey, byte[] credential,
                            byte[] signature) implements Reply {
        public String step() {
            return "advertise_keys";
        }
    }

    /** Step 1: the advertisements of the site's neighbours that answered. */
    record ShareKeysRequest(int round, List<KeyAdvertisement> peers) implements SecAggMessage {
        public ShareKeysRequest {
            peers = List.copyOf(peers);
        }

        public String step() {
            return "share_keys";
        }
    }

    /**
     * A site's shares of its self-mask seed b and mask key s, one AES-GCM ciphertext per neighbour,
     * and a commitment SHA-256(b) so a reconstructed b can be checked.
     */
    record EncryptedShares(String site, int round, byte[] selfMaskCommitment, SortedMap<String, byte[]> ciphertexts,
                           byte[] signature) implements Reply {
        public EncryptedShares {
            ciphertexts = new TreeMap<>(ciphertexts);
        }

        public String step() {
            return "share_keys";
        }
    }

    /** Step 2: the ciphertexts addressed to this site, by sender. */
    record MaskedInputRequest(int round, SortedMap<String, byte[]> inbox) implements SecAggMessage {
        public MaskedInputRequest {
            inbox = new TreeMap<>(inbox);
        }

        public String step() {
            return "masked_input";
        }
    }

    /** The site's masked, quantized vector. */
    record MaskedInput(String site, int round, int[] values, byte[] signature) implements Reply {
        public String step() {
            return "masked_input";
        }
    }

    /** Step 3: the sites whose masked input arrived (U3); each survivor signs this list. */
    record ConsistencyRequest(int round, List<String> survivors) implements SecAggMessage {
        public ConsistencyRequest {
            survivors = List.copyOf(survivors);
        }

        public String step() {
            return "consistency";
        }
    }

    record ConsistencySignature(String site, int round, byte[] signature) implements Reply {
        public String step() {
            return "consistency";
        }
    }

    /** Step 4: the survivor list again, with the survivors' signatures on it. */
    record UnmaskRequest(int round, List<String> survivors, SortedMap<String, byte[]> signatures) implements SecAggMessage {
        public UnmaskRequest {
            survivors = List.copyOf(survivors);
            signatures = new TreeMap<>(signatures);
        }

        public String step() {
            return "unmask";
        }
    }

    /**
     * For each neighbour, exactly one share: of its self-mask seed if it survived, of its mask key
     * if it dropped after sharing. Shares are 33-byte field elements (x is the answering site's index).
     */
    record UnmaskShares(String site, int round, SortedMap<String, byte[]> selfMaskShares,
                        SortedMap<String, byte[]> maskKeyShares, byte[] signature) implements Reply {
        public UnmaskShares {
            selfMaskShares = new TreeMap<>(selfMaskShares);
            maskKeyShares = new TreeMap<>(maskKeyShares);
        }

        public String step() {
            return "unmask";
        }
    }

    /** The round is over without a result (too few sites); sites drop its secrets. */
    record Abort(int round, String reason) implements SecAggMessage {
        public String step() {
            return "abort";
        }
    }

    /** A site's acknowledgement of an abort. */
    record Ack(String site, int round, byte[] signature) implements Reply {
        public String step() {
            return "abort";
        }
    }
}
