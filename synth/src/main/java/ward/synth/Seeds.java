package ward.synth;

import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * Independent random streams derived from the spec's seed and a path of indices (kind, patient,
 * study, series, instance), so each entity's values depend on nothing but its place in the
 * hierarchy: changing the number of slices leaves every patient's name and every study's UID as it
 * was.
 */
final class Seeds {

  static final int PATIENT = 1;
  static final int STUDY = 2;
  static final int SERIES = 3;
  static final int INSTANCE = 4;
  static final int FRAME_OF_REFERENCE = 5;
  static final int NUMBERING = 6;
  static final int NOISE = 7;

  private Seeds() {}

  /** A random stream for one entity. */
  static SplittableRandom random(long seed, int... path) {
    return new SplittableRandom(hash(seed, path));
  }

  /**
   * A UID under the UUID-derived root 2.25 (PS3.5 B.2): the decimal form of a version 4 (random)
   * UUID whose random bits come from the seed and the path. At most 44 characters.
   */
  static String uid(long seed, int... path) {
    SplittableRandom r = random(seed, path);
    long high = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // variant 10
    BigInteger value =
        new BigInteger(1, toBytes(high, low)); // unsigned 128-bit: no sign, no leading zero
    return "2.25." + value;
  }

  private static byte[] toBytes(long high, long low) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (high >>> (56 - 8 * i));
      b[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return b;
  }

  private static long hash(long seed, int... path) {
    long h = mix(seed ^ 0x5EED_5EED_5EED_5EEDL);
    for (int p : path) {
      h = mix(h + 0x9E37_79B9_7F4A_7C15L * (p + 1L));
    }
    return h;
  }

  /** SplitMix64's finalizer: a bijection that spreads every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
