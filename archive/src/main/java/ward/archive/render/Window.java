package ward.archive.render;

/**
 * A VOI window (PS3.3 C.11.2.1.2): which modality values fill the display range, and how.
 *
 * @param center Window Center, in modality units (after Rescale Slope and Intercept)
 * @param width Window Width
 * @param function how values inside the window map to display values
 */
public record Window(double center, double width, VoiFunction function) {

  public Window {
    if (function == null) {
      throw new IllegalArgumentException("a window needs a VOI LUT function");
    }
    if (!Double.isFinite(center) || !Double.isFinite(width) || !function.accepts(width)) {
      throw new IllegalArgumentException(
          "window " + center + "," + width + " is not valid for " + function);
    }
  }

  /**
   * Parses the DICOMweb {@code window} parameter (PS3.18 8.3.5.1.3): {@code center,width} or {@code
   * center,width,function}; the function defaults to LINEAR.
   *
   * @throws IllegalArgumentException when the value is malformed (a 400 for the client)
   */
  public static Window parse(String value) {
    String[] parts = value.split(",", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "window must be center,width[,function], not '" + value + "'");
    }
    double center;
    double width;
    try {
      center = Double.parseDouble(parts[0].strip());
      width = Double.parseDouble(parts[1].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("window center and width must be numbers: " + value, e);
    }
    VoiFunction function = parts.length == 3 ? VoiFunction.named(parts[2]) : VoiFunction.LINEAR;
    return new Window(center, width, function);
  }

  /** The display value in [0, 1] of modality value {@code x}. */
  double apply(double x) {
    return function.apply(x, center, width);
  }
}
