package ward.archive.render;

/**
 * The box a rendered image must fit (PS3.18 8.3.5.1.4, {@code viewport=width,height}): the image is
 * scaled, up or down, to the largest size inside it that keeps its aspect ratio.
 */
public record Viewport(int width, int height) {
  /** The longest side Ward renders: bounds the memory one request can ask for. */
  public static final int MAX = 4096;

  public Viewport {
    if (width < 1 || height < 1 || width > MAX || height > MAX) {
      throw new IllegalArgumentException(
          "viewport " + width + "x" + height + " is outside 1.." + MAX + " pixels a side");
    }
  }

  /** Parses {@code width,height}; throws IllegalArgumentException when malformed. */
  public static Viewport parse(String value) {
    String[] parts = value.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("viewport must be width,height, not '" + value + "'");
    }
    try {
      return new Viewport(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("viewport width and height must be integers", e);
    }
  }

  /** The size, {width, height}, of an image of the given size scaled to fit. */
  int[] fit(int imageWidth, int imageHeight) {
    double scale = Math.min((double) width / imageWidth, (double) height / imageHeight);
    int w = (int) Math.max(1, Math.min(width, Math.round(imageWidth * scale)));
    int h = (int) Math.max(1, Math.min(height, Math.round(imageHeight * scale)));
    return new int[] {w, h};
  }
}
