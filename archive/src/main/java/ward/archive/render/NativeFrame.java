package ward.archive.render;

import ward.dicom.DicomFormatException;

/** Samples from a native frame (PS3.5 8.1.1, 8.2; little endian bytes). */
final class NativeFrame {
  private NativeFrame() {}

  static Samples decode(byte[] frame, ImagePixel p) throws DicomFormatException {
    long need = (p.frameBits() + 7) / 8;
    if (frame.length < need) {
      throw new DicomFormatException(
          0, "a native frame of " + frame.length + " bytes, where " + need + " are needed");
    }
    int pixels = (int) p.pixels();
    int spp = p.samplesPerPixel();
    Samples.Space space = space(p);
    if (p.subsampled422()) {
      return new Samples(p.columns(), p.rows(), space, expand422(frame, p), p.bitsStored(), false);
    }
    int[] raw = new int[pixels * spp];
    for (int i = 0; i < raw.length; i++) {
      // Planar configuration 1 holds all of sample 0, then all of sample 1, ...
      int at = p.planarConfiguration() == 1 && spp > 1 ? (i % spp) * pixels + i / spp : i;
      raw[i] = stored(sampleAt(frame, at, p.bitsAllocated()), p);
    }
    return new Samples(p.columns(), p.rows(), space, raw, p.bitsStored(), p.signed() && spp == 1);
  }

  static Samples.Space space(ImagePixel p) {
    if (p.samplesPerPixel() == 1) {
      return Samples.Space.GRAY;
    }
    return p.photometricInterpretation().startsWith("YBR_FULL")
        ? Samples.Space.YBR_FULL
        : Samples.Space.RGB;
  }

  private static int sampleAt(byte[] b, int index, int bitsAllocated) {
    return switch (bitsAllocated) {
      // PS3.5 8.1.1: bit-packed pixels fill each byte from its least significant bit.
      case 1 -> (b[index >>> 3] >>> (index & 7)) & 1;
      case 8 -> b[index] & 0xFF;
      case 16 -> (b[2 * index] & 0xFF) | (b[2 * index + 1] & 0xFF) << 8;
      default ->
          (b[4 * index] & 0xFF)
              | (b[4 * index + 1] & 0xFF) << 8
              | (b[4 * index + 2] & 0xFF) << 16
              | (b[4 * index + 3] & 0xFF) << 24;
    };
  }

  /**
   * The value of a sample: Bits Stored bits ending at High Bit (PS3.5 8.1.1); bits outside them may
   * hold overlays or noise and are dropped. Signed values are sign-extended.
   */
  static int stored(int sample, ImagePixel p) {
    int bits = p.bitsStored();
    if (bits >= 32) {
      return sample;
    }
    int v = (sample >>> (p.highBit() + 1 - bits)) & ((1 << bits) - 1);
    if (p.signed() && p.samplesPerPixel() == 1) {
      v = (v << (32 - bits)) >> (32 - bits);
    }
    return v;
  }

  /** YBR_FULL_422: Y1 Y2 Cb Cr for each pair of pixels; each pixel gets the pair's chroma. */
  private static int[] expand422(byte[] frame, ImagePixel p) throws DicomFormatException {
    if (p.bitsAllocated() != 8 || p.columns() % 2 != 0 || p.planarConfiguration() != 0) {
      throw new DicomFormatException(
          0, "YBR_FULL_422 needs 8-bit samples, an even number of columns and planar 0");
    }
    int pixels = (int) p.pixels();
    int[] out = new int[pixels * 3];
    for (int pair = 0; pair < pixels / 2; pair++) {
      int in = 4 * pair;
      int cb = frame[in + 2] & 0xFF;
      int cr = frame[in + 3] & 0xFF;
      for (int k = 0; k < 2; k++) {
        int o = 3 * (2 * pair + k);
        out[o] = frame[in + k] & 0xFF;
        out[o + 1] = cb;
        out[o + 2] = cr;
      }
    }
    return out;
  }
}
