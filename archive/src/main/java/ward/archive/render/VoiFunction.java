package ward.archive.render;

import java.util.Locale;

/**
 * The VOI LUT functions of PS3.3 C.11.2.1.2 (VOI LUT Function, 0028,1056): how a window maps
 * modality values to display values. Each returns a value in [0, 1] that the renderer scales to its
 * output range.
 */
public enum VoiFunction {
  /** C.11.2.1.2.1: the classic window, with its half-unit offsets; width must be at least 1. */
  LINEAR {
    @Override
    double apply(double x, double center, double width) {
      double low = center - 0.5 - (width - 1) / 2;
      double high = center - 0.5 + (width - 1) / 2;
      if (x <= low) {
        return 0;
      }
      if (x > high) {
        return 1;
      }
      return (x - (center - 0.5)) / (width - 1) + 0.5;
    }

    @Override
    boolean accepts(double width) {
      return width >= 1;
    }
  },
  /** C.11.2.1.3.2: a window without the half-unit offsets; width must be above 0. */
  LINEAR_EXACT {
    @Override
    double apply(double x, double center, double width) {
      if (x <= center - width / 2) {
        return 0;
      }
      if (x > center + width / 2) {
        return 1;
      }
      return (x - center) / width + 0.5;
    }
  },
  /** C.11.2.1.3.1: a logistic curve through the center; width must be above 0. */
  SIGMOID {
    @Override
    double apply(double x, double center, double width) {
      return 1 / (1 + Math.exp(-4 * (x - center) / width));
    }
  };

  /** The display value in [0, 1] of modality value {@code x}. */
  abstract double apply(double x, double center, double width);

  /** True when the function is defined for this width. */
  boolean accepts(double width) {
    return width > 0;
  }

  /**
   * The function named by a VOI LUT Function value or a DICOMweb window parameter (PS3.18
   * 8.3.5.1.3: "linear", "linear-exact", "sigmoid"); case and '-' or '_' do not matter.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static VoiFunction named(String name) {
    String n = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (VoiFunction f : values()) {
      if (f.name().equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown VOI LUT function '" + name + "': expected linear, linear-exact or sigmoid");
  }
}
