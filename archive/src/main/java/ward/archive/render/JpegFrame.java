package ward.archive.render;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import ward.dicom.DicomFormatException;

/**
 * Decodes JPEG frames (PS3.5 A.4.1: baseline, and lossless processes 14 and 14 SV1) with the
 * TwelveMonkeys reader through {@code javax.imageio}. The reader's raster is taken as it is, with
 * no colour conversion, and the colour space is decided here, because DICOM files often say one
 * thing and their JPEG streams another:
 *
 * <ol>
 *   <li>an Adobe APP14 segment decides by its transform flag (0: RGB, otherwise YCbCr);
 *   <li>components named 'R', 'G', 'B' are RGB;
 *   <li>a JFIF APP0 segment means YCbCr, as JFIF requires;
 *   <li>subsampled chrominance means YCbCr (RGB is never subsampled in practice);
 *   <li>otherwise the Photometric Interpretation decides (YBR_FULL or YBR_FULL_422: YCbCr).
 * </ol>
 *
 * These are libjpeg's guesses, with the DICOM attribute as the last word where libjpeg would
 * default to YCbCr (pydicom's SC_jpeg_no_color_transform is RGB without any marker).
 */
final class JpegFrame {
  static final Set<String> SYNTAXES =
      Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70");

  private static final ImageReaderSpi READER = findReader();

  private JpegFrame() {}

  /**
   * The TwelveMonkeys JPEG reader (it decodes lossless JPEG, which the JDK's cannot). It registers
   * through the service loader; a class loader that hid it from ImageIO's first scan is covered by
   * one rescan.
   */
  private static ImageReaderSpi findReader() {
    ImageReaderSpi spi = twelveMonkeys();
    if (spi == null) {
      ImageIO.scanForPlugins();
      spi = twelveMonkeys();
    }
    return spi;
  }

  private static ImageReaderSpi twelveMonkeys() {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
    while (readers.hasNext()) {
      ImageReader r = readers.next();
      if (r.getClass().getName().startsWith("com.twelvemonkeys.")) {
        return r.getOriginatingProvider();
      }
    }
    return null;
  }

  static Samples decode(byte[] frame, ImagePixel p, String transferSyntaxUid)
      throws IOException, UnsupportedPixelDataException {
    if (READER == null) {
      throw new UnsupportedPixelDataException(
          "no JPEG decoder with lossless support is installed", transferSyntaxUid);
    }
    Raster raster;
    ImageReader reader = READER.createReaderInstance();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame))) {
      reader.setInput(in);
      raster = reader.readRaster(0, null);
    } catch (IOException | RuntimeException e) {
      throw new DicomFormatException(0, "the JPEG frame cannot be decoded: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
    int w = raster.getWidth();
    int h = raster.getHeight();
    int bands = raster.getNumBands();
    if (w != p.columns() || h != p.rows() || bands != p.samplesPerPixel()) {
      throw new DicomFormatException(
          0,
          "the JPEG frame is "
              + w
              + "x"
              + h
              + " with "
              + bands
              + " components, the attributes say "
              + p.columns()
              + "x"
              + p.rows()
              + " with "
              + p.samplesPerPixel());
    }
    int[] values = raster.getPixels(raster.getMinX(), raster.getMinY(), w, h, (int[]) null);
    if (bands == 1) {
      // JPEG holds unsigned samples; signed images keep their two's complement bits (PS3.5 8.2.1).
      for (int i = 0; i < values.length; i++) {
        values[i] = NativeFrame.stored(values[i], p);
      }
      return new Samples(w, h, Samples.Space.GRAY, values, p.bitsStored(), p.signed());
    }
    int bits = raster.getSampleModel().getSampleSize(0);
    Samples.Space space = yCbCr(frame, p) ? Samples.Space.YBR_FULL : Samples.Space.RGB;
    return new Samples(w, h, space, values, bits, false);
  }

  /** Decides whether a three-component stream holds YCbCr, by the rules above. */
  static boolean yCbCr(byte[] jpeg, ImagePixel p) {
    Boolean adobe = null;
    boolean jfif = false;
    boolean rgbIds = false;
    boolean subsampled = false;
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      int length = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
      int seg = i + 4;
      int segEnd = Math.min(jpeg.length, i + 2 + length);
      if (marker == 0xDA || length < 2) {
        break; // start of scan: the header is over
      }
      if (marker == 0xE0 && startsWith(jpeg, seg, segEnd, "JFIF")) {
        jfif = true;
      } else if (marker == 0xEE && startsWith(jpeg, seg, segEnd, "Adobe") && seg + 11 < segEnd) {
        adobe = jpeg[seg + 11] != 0;
      } else if (isStartOfFrame(marker) && seg + 6 + 3 * 3 <= segEnd && jpeg[seg + 5] == 3) {
        int c = seg + 6;
        rgbIds = jpeg[c] == 'R' && jpeg[c + 3] == 'G' && jpeg[c + 6] == 'B';
        subsampled = jpeg[c + 1] != jpeg[c + 4] || jpeg[c + 1] != jpeg[c + 7];
      }
      i += 2 + length;
    }
    if (adobe != null) {
      return adobe;
    }
    if (rgbIds) {
      return false;
    }
    if (jfif || subsampled) {
      return true;
    }
    return p.photometricInterpretation().startsWith("YBR_FULL");
  }

  private static boolean isStartOfFrame(int marker) {
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static boolean startsWith(byte[] b, int from, int end, String s) {
    if (end - from < s.length()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (b[from + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
