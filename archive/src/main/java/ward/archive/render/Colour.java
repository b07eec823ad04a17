package ward.archive.render;

/** Colour samples to 8-bit RGB. */
final class Colour {
  private Colour() {}

  /** Interleaved 8-bit R, G, B; wider samples keep their top eight bits. */
  static byte[] toRgb(Samples s) {
    int[] v = s.values();
    int shift = Math.max(0, s.bits() - 8);
    int max = (1 << Math.min(s.bits(), 8)) - 1;
    byte[] out = new byte[v.length];
    if (s.space() == Samples.Space.RGB) {
      for (int i = 0; i < v.length; i++) {
        out[i] = (byte) clamp(v[i] >>> shift, max);
      }
      return out;
    }
    // PS3.3 C.7.6.3.1.2, YBR_FULL: the JFIF equations with full-range luminance.
    for (int i = 0; i < v.length; i += 3) {
      double y = v[i] >>> shift;
      double cb = (v[i + 1] >>> shift) - 128.0;
      double cr = (v[i + 2] >>> shift) - 128.0;
      out[i] = (byte) clamp((int) Math.round(y + 1.402 * cr), 255);
      out[i + 1] = (byte) clamp((int) Math.round(y - 0.344136 * cb - 0.714136 * cr), 255);
      out[i + 2] = (byte) clamp((int) Math.round(y + 1.772 * cb), 255);
    }
    return out;
  }

  private static int clamp(int v, int max) {
    return v < 0 ? 0 : Math.min(v, max);
  }
}
