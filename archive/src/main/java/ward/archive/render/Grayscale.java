package ward.archive.render;

import ward.dicom.DataSet;
import ward.dicom.Tags;

/**
 * The monochrome pipeline of PS3.3 C.11 (figure C.11-1): stored values through the Modality LUT
 * (Rescale Slope and Intercept, C.11.1), the VOI window (C.11.2) and, for MONOCHROME1, the inverse
 * presentation, to 8-bit grey. A Modality LUT Sequence or VOI LUT Sequence is not applied.
 */
final class Grayscale {
  private Grayscale() {}

  /**
   * @param window the caller's window, or null for the instance's first, else the frame's range
   */
  static byte[] render(Samples s, DataSet attributes, Window window, boolean invert) {
    double slope = first(attributes, Tags.RescaleSlope, 1);
    double intercept = first(attributes, Tags.RescaleIntercept, 0);
    if (slope == 0 || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
      slope = 1;
      intercept = 0;
    }
    int n = s.width() * s.height();
    Window w = window != null ? window : instanceWindow(attributes);
    if (w == null) {
      w = minMax(s, slope, intercept);
    }
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      double f = w.apply(s.value(i) * slope + intercept);
      out[i] = (byte) level(invert ? 1 - f : f);
    }
    return out;
  }

  /**
   * The 8-bit level of a display value in [0, 1]: truncated, as dcmtk does, so the two agree
   * exactly; the small allowance keeps a value that is an exact level in theory (an 8-bit image
   * under its full-range window) from dropping one level through rounding error.
   */
  static int level(double f) {
    return (int) Math.min(255, Math.floor(f * 255 + 1e-6));
  }

  /**
   * The instance's first Window Center and Width (C.11.2.1.2) with its VOI LUT Function, or null
   * when it has none or they are unusable.
   */
  static Window instanceWindow(DataSet attributes) {
    try {
      double[] centers = attributes.getDoubles(Tags.WindowCenter);
      double[] widths = attributes.getDoubles(Tags.WindowWidth);
      if (centers.length == 0 || widths.length == 0) {
        return null;
      }
      String name = attributes.getString(Tags.VOILUTFunction);
      VoiFunction f = name == null ? VoiFunction.LINEAR : VoiFunction.named(name);
      return new Window(centers[0], widths[0], f);
    } catch (IllegalArgumentException e) {
      return null; // a malformed window is no window: fall back to the frame's range
    }
  }

  /**
   * A LINEAR window that maps the frame's smallest value to black and its largest to white, as
   * dcmtk's min-max window does: center (min + max + 1) / 2, width max - min + 1.
   */
  static Window minMax(Samples s, double slope, double intercept) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int n = s.width() * s.height();
    for (int i = 0; i < n; i++) {
      double v = s.value(i) * slope + intercept;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (n == 0) {
      min = 0;
      max = 0;
    }
    return new Window((min + max + 1) / 2, max - min + 1, VoiFunction.LINEAR);
  }

  private static double first(DataSet ds, int tag, double fallback) {
    try {
      double[] v = ds.getDoubles(tag);
      return v.length == 0 ? fallback : v[0];
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
