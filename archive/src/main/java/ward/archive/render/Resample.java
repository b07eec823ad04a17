package ward.archive.render;

/**
 * Scales 8-bit images with interleaved bands: halving by 2 × 2 averages while the image is more
 * than twice the target, then bilinear interpolation between pixel centres. Halving first keeps a
 * large reduction from skipping pixels, which plain bilinear would do.
 */
final class Resample {
  private Resample() {}

  static byte[] scale(byte[] src, int w, int h, int bands, int dw, int dh) {
    while (w >= 2 * dw && h >= 2 * dh) {
      src = halve(src, w, h, bands);
      w /= 2;
      h /= 2;
    }
    if (w == dw && h == dh) {
      return src;
    }
    byte[] out = new byte[dw * dh * bands];
    double sx = (double) w / dw;
    double sy = (double) h / dh;
    for (int y = 0; y < dh; y++) {
      double fy = Math.max(0, Math.min(h - 1, (y + 0.5) * sy - 0.5));
      int y0 = (int) fy;
      int y1 = Math.min(h - 1, y0 + 1);
      double ty = fy - y0;
      for (int x = 0; x < dw; x++) {
        double fx = Math.max(0, Math.min(w - 1, (x + 0.5) * sx - 0.5));
        int x0 = (int) fx;
        int x1 = Math.min(w - 1, x0 + 1);
        double tx = fx - x0;
        for (int b = 0; b < bands; b++) {
          double top = lerp(at(src, w, bands, x0, y0, b), at(src, w, bands, x1, y0, b), tx);
          double bottom = lerp(at(src, w, bands, x0, y1, b), at(src, w, bands, x1, y1, b), tx);
          out[(y * dw + x) * bands + b] = (byte) Math.round(lerp(top, bottom, ty));
        }
      }
    }
    return out;
  }

  private static byte[] halve(byte[] src, int w, int h, int bands) {
    int hw = w / 2;
    int hh = h / 2;
    byte[] out = new byte[hw * hh * bands];
    for (int y = 0; y < hh; y++) {
      for (int x = 0; x < hw; x++) {
        for (int b = 0; b < bands; b++) {
          int sum =
              at(src, w, bands, 2 * x, 2 * y, b)
                  + at(src, w, bands, 2 * x + 1, 2 * y, b)
                  + at(src, w, bands, 2 * x, 2 * y + 1, b)
                  + at(src, w, bands, 2 * x + 1, 2 * y + 1, b);
          out[(y * hw + x) * bands + b] = (byte) ((sum + 2) / 4);
        }
      }
    }
    return out;
  }

  private static int at(byte[] src, int w, int bands, int x, int y, int b) {
    return src[(y * w + x) * bands + b] & 0xFF;
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }
}
