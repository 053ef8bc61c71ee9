/**
 * Paillier aggregation: the sites encrypt their quantized updates under one public key, the
 * coordinator multiplies ciphertexts (which adds plaintexts) without being able to read any of them,
 * and the sum is decrypted by t of the sites together (threshold mode) or by a private-key holder
 * (simple mode, where every site holds the same private key, so one site colluding with the
 * coordinator can read the others' updates: use threshold mode). JDK only: {@code BigInteger} and
 * {@code SecureRandom}. See docs/SECURE_AGGREGATION.md, "Paillier", for parameters and timings.
 *
 * <p>The roles, in the order a round uses them:
 * <pre>{@code
 * // Provisioning (once): the dealer makes the keys and writes one file per party.
 * ThresholdKeys keys = ThresholdDealer.deal(2048, t, sites, new SecureRandom());
 * PaillierKeyFiles.writePublicKey(coordinatorDir.resolve("paillier-public.key"), keys.publicKey());
 * for (PaillierKeyShare share : keys.shares()) {
 *     PaillierKeyFiles.writeKeyShare(siteDir(share.index()).resolve("paillier-share.key"), share);
 * }
 *
 * // Every site and the coordinator agree on the packing (quantizer range M, number of sites S).
 * PaillierPacking packing = PaillierPacking.of(quantizer.maxLevel(), sites, publicKey);
 *
 * // Site: precompute randomness while training, then encrypt the quantized update.
 * RandomnessPool pool = new RandomnessPool(publicKey, new SecureRandom(), packing.plaintexts(length));
 * pool.startBackground();                       // or pool.precompute(n) in a batch
 * EncryptedVector mine = new PaillierSiteEncoder(packing, pool).encodeRing(quantizer.quantize(update, rng), ring);
 *
 * // Coordinator: public key only.
 * PaillierSum sum = new PaillierSum(publicKey);
 * for (EncryptedVector v : received) sum.add(v);
 * EncryptedVector total = sum.result();          // sent back to the sites
 *
 * // Each of at least t sites: its decryption shares of the summed ciphertexts.
 * DecryptionShare mineShare = keyShare.decryptionShare(total);
 *
 * // Anyone with >= t shares (more than t lets tampering be detected):
 * long[] levels = new ThresholdDecryption(publicKey, t, sites).decryptSum(shares, total, packing);
 * // levels[i] is the sum of the sites' quantized values; divide by the quantizer's scale.
 * }</pre>
 *
 * <p>Key sizes below 2048 bits are refused except through the methods named {@code ...Unchecked},
 * which exist for tests and benchmarks only.
 */
package org.fedmed.core.secure.paillier;
