package ward.archive.render;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import ward.dicom.testing.Oracles;

/**
 * dcmtk's rendering of an instance ({@code dcmj2pnm --write-png}), read back with ImageIO, and the
 * pixel-by-pixel comparison with Ward's.
 */
final class DcmtkRendering {
  private DcmtkRendering() {}

  /** Renders with dcmj2pnm and the given options (for example {@code +Wi 1}). */
  static BufferedImage render(Path dicom, Path dir, String... options) throws IOException {
    Path png = Files.createTempFile(dir, "dcmtk", ".png");
    List<String> command = new ArrayList<>(List.of("dcmj2pnm", "--write-png"));
    command.addAll(List.of(options));
    command.add(dicom.toString());
    command.add(png.toString());
    Oracles.run(command, null);
    BufferedImage image = ImageIO.read(png.toFile());
    if (image == null) {
      throw new IOException("dcmj2pnm wrote no readable PNG for " + dicom);
    }
    return image;
  }

  /**
   * How two images differ, sample by sample.
   *
   * @param max the largest absolute difference
   * @param mean the mean absolute difference
   * @param overOne samples that differ by more than one level
   */
  record Difference(int max, double mean, int overOne, int samples) {
    @Override
    public String toString() {
      return String.format(
          "max %d, mean %.4f, %d of %d samples off by more than 1", max, mean, overOne, samples);
    }
  }

  static Difference compare(BufferedImage ward, BufferedImage dcmtk) {
    Raster a = ward.getRaster();
    Raster b = dcmtk.getRaster();
    if (a.getWidth() != b.getWidth()
        || a.getHeight() != b.getHeight()
        || a.getNumBands() != b.getNumBands()) {
      throw new AssertionError(
          "Ward's image is "
              + a.getWidth()
              + "x"
              + a.getHeight()
              + "x"
              + a.getNumBands()
              + ", dcmtk's "
              + b.getWidth()
              + "x"
              + b.getHeight()
              + "x"
              + b.getNumBands());
    }
    int[] x = a.getPixels(0, 0, a.getWidth(), a.getHeight(), (int[]) null);
    int[] y = b.getPixels(0, 0, b.getWidth(), b.getHeight(), (int[]) null);
    int max = 0;
    long sum = 0;
    int over = 0;
    for (int i = 0; i < x.length; i++) {
      int d = Math.abs(x[i] - y[i]);
      max = Math.max(max, d);
      sum += d;
      if (d > 1) {
        over++;
      }
    }
    return new Difference(max, (double) sum / x.length, over, x.length);
  }
}
