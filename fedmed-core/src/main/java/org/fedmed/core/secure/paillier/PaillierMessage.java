package org.fedmed.core.secure.paillier;

import java.util.List;
import org.fedmed.core.secure.SecureInput;

/**
 * The typed messages of a Paillier aggregation round. The coordinator asks each site for its
 * encrypted update, multiplies the ciphertexts (which adds the plaintexts), and asks the sites for
 * partial decryptions of the product; t of them reveal the sum and nothing else. Replies are signed
 * by the site over the round's session id ({@link PaillierCodec#toBeSigned}).
 */
public sealed interface PaillierMessage {

    int round();

    String step();

    /** A message a site sends, signed by it. */
    sealed interface Reply extends PaillierMessage {
        String site();

        byte[] signature();
    }

    /** Step 1: the round's encoding; every site encrypts its quantized update. */
    record Setup(byte[] session, int round, List<String> participants, int threshold, SecureInput input) implements PaillierMessage {
        public Setup {
            participants = List.copyOf(participants);
        }

        public String step() {
            return "paillier_encrypt";
        }
    }

    /** A site's encrypted, packed update, with the credential its signature is checked against. */
    record Ciphertexts(String site, int round, EncryptedVector vector, byte[] credential, byte[] signature) implements Reply {
        public String step() {
            return "paillier_encrypt";
        }
    }

    /**
     * Step 2: the sites' signed ciphertexts. Each decrypting site multiplies them itself, so a
     * coordinator cannot have one site's update decrypted in place of the sum, and checks that at
     * least t sites contributed.
     */
    record DecryptRequest(int round, List<Ciphertexts> contributions) implements PaillierMessage {
        public DecryptRequest {
            contributions = List.copyOf(contributions);
        }

        public String step() {
            return "paillier_decrypt";
        }
    }

    /** A site's partial decryption of the product, under its key share. */
    record PartialDecryption(String site, int round, DecryptionShare share, byte[] signature) implements Reply {
        public String step() {
            return "paillier_decrypt";
        }
    }

    /** The round ends without a result. */
    record Abort(int round, String reason) implements PaillierMessage {
        public String step() {
            return "abort";
        }
    }
}
