package ward.archive.render;

/**
 * The decoded samples of one frame, pixel by pixel with the samples of a pixel together. Monochrome
 * values are stored values (masked to Bits Stored and sign-extended when signed); colour values are
 * 0 .. 2^bits - 1 in their colour space.
 */
final class Samples {

  /** What the samples mean. */
  enum Space {
    GRAY,
    RGB,
    /** YCbCr with full-range luminance and chrominance (PS3.3 C.7.6.3.1.2, YBR_FULL). */
    YBR_FULL
  }

  private final int width;
  private final int height;
  private final Space space;
  private final int[] values;
  private final int bits;
  private final boolean signed;

  /**
   * @param values width × height × (1 or 3) values
   * @param bits significant bits of a value
   * @param signed true when monochrome values are two's complement
   */
  Samples(int width, int height, Space space, int[] values, int bits, boolean signed) {
    this.width = width;
    this.height = height;
    this.space = space;
    this.values = values;
    this.bits = bits;
    this.signed = signed;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  Space space() {
    return space;
  }

  /** The values themselves, not a copy: the pipeline owns them. */
  int[] values() {
    return values;
  }

  int bits() {
    return bits;
  }

  /** A value as a number: 32-bit unsigned values do not fit an int. */
  double value(int i) {
    int v = values[i];
    return bits == 32 && !signed ? Integer.toUnsignedLong(v) : v;
  }
}
