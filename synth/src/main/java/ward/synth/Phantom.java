package ward.synth;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A cheap anatomical phantom: ellipsoids of tissue painted one over the other, cut into axial
 * slices. Each slice is drawn a row at a time: the span of every ellipse on the row is filled, then
 * the row gets noise from a seeded table and goes straight into the little-endian pixel buffer: no
 * geometry per pixel, and one row buffer for every image.
 */
final class Phantom {

  /**
   * An ellipsoid in the phantom's unit space: x to the patient's left and y to the back, both -1..1
   * across the shorter side of the image; z -1 (last slice) to 1 (first slice).
   *
   * @param cx centre x
   * @param cy centre y
   * @param rx half-width in x of its largest cross-section
   * @param ry half-height in y of its largest cross-section
   * @param zc centre z
   * @param hz half-length in z: the cross-section shrinks to nothing at zc ± hz
   * @param tissue what it is made of
   */
  record Shape(double cx, double cy, double rx, double ry, double zc, double hz, Tissue tissue) {}

  private static final double LONG = 4; // longer than the scanned range: almost a cylinder

  /** Shapes in painting order, later ones over earlier ones. */
  static List<Shape> shapes(Anatomy anatomy) {
    return switch (anatomy) {
      case HEAD -> HEAD;
      case TRUNK -> TRUNK;
    };
  }

  private static final List<Shape> HEAD =
      List.of(
          new Shape(0, 0, 0.74, 0.90, 0, 1.3, Tissue.SOFT), // scalp
          new Shape(0, 0, 0.70, 0.86, 0, 1.25, Tissue.BONE), // skull
          new Shape(0, 0, 0.64, 0.80, 0, 1.2, Tissue.BRAIN),
          new Shape(-0.10, -0.05, 0.05, 0.24, 0.15, 0.45, Tissue.WATER), // ventricles
          new Shape(0.10, -0.05, 0.05, 0.24, 0.15, 0.45, Tissue.WATER),
          new Shape(-0.28, -0.70, 0.11, 0.11, -0.75, 0.2, Tissue.WATER), // eyes
          new Shape(0.28, -0.70, 0.11, 0.11, -0.75, 0.2, Tissue.WATER));

  private static final List<Shape> TRUNK =
      List.of(
          new Shape(0, 0, 0.92, 0.64, 0, LONG, Tissue.FAT), // skin and subcutaneous fat
          new Shape(0, 0.02, 0.84, 0.56, 0, LONG, Tissue.SOFT), // muscle wall
          new Shape(-0.42, -0.04, 0.32, 0.40, 0.55, 0.75, Tissue.LUNG),
          new Shape(0.42, -0.04, 0.32, 0.40, 0.55, 0.75, Tissue.LUNG),
          new Shape(0.10, -0.14, 0.22, 0.20, 0.45, 0.35, Tissue.BLOOD), // heart
          new Shape(-0.35, 0.02, 0.36, 0.32, -0.15, 0.55, Tissue.ORGAN), // liver
          new Shape(0.45, 0.08, 0.14, 0.18, -0.1, 0.3, Tissue.ORGAN), // spleen
          new Shape(-0.33, 0.30, 0.11, 0.14, -0.45, 0.3, Tissue.ORGAN), // kidneys
          new Shape(0.33, 0.30, 0.11, 0.14, -0.45, 0.3, Tissue.ORGAN),
          new Shape(0, 0.05, 0.18, 0.15, -0.9, 0.25, Tissue.WATER), // bladder
          new Shape(0.06, 0.24, 0.06, 0.06, 0, LONG, Tissue.BLOOD), // aorta
          new Shape(0, 0.40, 0.11, 0.10, 0, LONG, Tissue.BONE), // vertebral body
          new Shape(0, 0.54, 0.07, 0.06, 0, LONG, Tissue.BONE), // vertebral arch
          new Shape(0, 0.54, 0.035, 0.035, 0, LONG, Tissue.WATER)); // spinal canal

  private static final int NOISE_SIZE = 1 << 14;
  private static final int NOISE_MASK = NOISE_SIZE - 1;

  private final int rows;
  private final int columns;
  private final int maxValue;
  private final short[] noise = new short[NOISE_SIZE];
  private final int[] row;

  /**
   * A phantom drawing images of {@code rows} x {@code columns} stored values from 0 to {@code
   * maxValue}, with noise drawn from {@code noiseSeed}.
   */
  Phantom(int rows, int columns, int maxValue, SplittableRandom noiseSeed) {
    this.rows = rows;
    this.columns = columns;
    this.maxValue = maxValue;
    this.row = new int[columns];
    for (int i = 0; i < NOISE_SIZE; i++) {
      // the sum of three uniform draws: roughly Gaussian, standard deviation about 8
      noise[i] =
          (short) (noiseSeed.nextInt(-8, 9) + noiseSeed.nextInt(-8, 9) + noiseSeed.nextInt(-8, 9));
    }
  }

  /** Bytes of one image: 16 bits allocated per pixel. */
  int imageBytes() {
    return rows * columns * 2;
  }

  /**
   * Draws slice {@code index} (0 = first, at the top) of {@code count} into {@code target} as
   * little-endian 16-bit values.
   *
   * @param scale the size of the body, 1 for the shapes as listed
   * @param noiseSalt picks where in the noise table the image starts, so that series of the same
   *     protocol differ
   */
  void render(
      Anatomy anatomy,
      Weighting weighting,
      double scale,
      int noiseSalt,
      int index,
      int count,
      byte[] target) {
    double z = count == 1 ? 0 : 0.9 - 1.8 * index / (count - 1);
    List<Shape> shapes = shapes(anatomy);
    // the cross-section of each shape on this slice, in pixels
    int n = 0;
    double[] cx = new double[shapes.size()];
    double[] cy = new double[shapes.size()];
    double[] rx = new double[shapes.size()];
    double[] ry = new double[shapes.size()];
    int[] value = new int[shapes.size()];
    double unit = Math.min(rows, columns) / 2.0 * scale;
    for (Shape s : shapes) {
      double dz = (z - s.zc()) / s.hz();
      double section2 = 1 - dz * dz;
      if (section2 <= 0) {
        continue;
      }
      double section = Math.sqrt(section2);
      cx[n] = columns / 2.0 + s.cx() * unit - 0.5;
      cy[n] = rows / 2.0 + s.cy() * unit - 0.5;
      rx[n] = s.rx() * section * unit;
      ry[n] = s.ry() * section * unit;
      value[n] = weighting.storedValue(s.tissue());
      n++;
    }
    int background = weighting.storedValue(Tissue.AIR);
    int o = 0;
    for (int y = 0; y < rows; y++) {
      Arrays.fill(row, background);
      for (int i = 0; i < n; i++) {
        double dy = (y - cy[i]) / ry[i];
        if (dy * dy >= 1) {
          continue;
        }
        double half = rx[i] * Math.sqrt(1 - dy * dy);
        int x0 = Math.max(0, (int) Math.ceil(cx[i] - half));
        int x1 = Math.min(columns - 1, (int) Math.floor(cx[i] + half));
        if (x0 <= x1) {
          Arrays.fill(row, x0, x1 + 1, value[i]);
        }
      }
      int k = noiseSalt + y * 7919 + index * 104_729; // may wrap: only its low bits are used
      for (int x = 0; x < columns; x++) {
        // magnitude images have no negative values: noise about zero folds back, as in MR air
        int v = Math.min(maxValue, Math.abs(row[x] + noise[(k + x) & NOISE_MASK]));
        target[o++] = (byte) v;
        target[o++] = (byte) (v >>> 8);
      }
    }
  }
}
