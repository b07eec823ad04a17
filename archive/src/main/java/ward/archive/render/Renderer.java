package ward.archive.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.util.Set;
import ward.dicom.DataSet;
import ward.dicom.TransferSyntax;

/**
 * Renders a frame to an 8-bit image for people to look at (PS3.18 8.3.5, rendered resources):
 * monochrome through the Modality LUT and a VOI window to grey, colour to RGB, scaled to a viewport
 * when asked. Decodes native pixel data in any byte order, RLE Lossless, and JPEG baseline and
 * lossless; every other compressed syntax is refused with {@link UnsupportedPixelDataException}, as
 * is palette colour.
 */
public final class Renderer {
  private static final String RLE = "1.2.840.10008.1.2.5";
  private static final Set<String> PHOTOMETRIC =
      Set.of("MONOCHROME1", "MONOCHROME2", "RGB", "YBR_FULL", "YBR_FULL_422");

  private Renderer() {}

  /** Renders frame {@code n} (1-based) of an instance. */
  public static BufferedImage render(FrameSet frames, int n, RenderOptions options)
      throws IOException, PixelDataException {
    frames.frameLength(n); // a clear answer for a frame that does not exist, before anything else
    ImagePixel p = frames.pixel();
    checkSupported(p, frames.transferSyntax());
    return render(frames.frame(n), p, frames.transferSyntax(), frames.attributes(), options);
  }

  /** Renders one frame's bytes, as {@link FrameSet#frame} returns them. */
  public static BufferedImage render(
      byte[] frame, ImagePixel p, TransferSyntax ts, DataSet attributes, RenderOptions options)
      throws IOException, PixelDataException {
    checkSupported(p, ts);
    Samples s = decode(frame, p, ts);
    boolean gray = s.space() == Samples.Space.GRAY;
    byte[] pixels =
        gray
            ? Grayscale.render(
                s,
                attributes,
                options.window(),
                p.photometricInterpretation().equals("MONOCHROME1"))
            : Colour.toRgb(s);
    int w = s.width();
    int h = s.height();
    int bands = gray ? 1 : 3;
    if (options.viewport() != null) {
      int[] size = options.viewport().fit(w, h);
      pixels = Resample.scale(pixels, w, h, bands, size[0], size[1]);
      w = size[0];
      h = size[1];
    }
    return image(pixels, w, h, gray);
  }

  /** Refuses, before any pixel is read, what the renderer cannot decode. */
  static void checkSupported(ImagePixel p, TransferSyntax ts) throws UnsupportedPixelDataException {
    String uid = ts.uid();
    if (ts.encapsulated() && !JpegFrame.SYNTAXES.contains(uid) && !uid.equals(RLE)) {
      throw UnsupportedPixelDataException.transferSyntax(uid);
    }
    String photometric = p.photometricInterpretation();
    if (!PHOTOMETRIC.contains(photometric)) {
      throw new UnsupportedPixelDataException(
          "rendering " + photometric + " is not supported", uid);
    }
    int expected = photometric.startsWith("MONOCHROME") ? 1 : 3;
    if (p.samplesPerPixel() != expected) {
      throw new UnsupportedPixelDataException(
          photometric + " with " + p.samplesPerPixel() + " samples per pixel", uid);
    }
    if (p.bitsAllocated() > 32 || (p.bitsAllocated() == 1 && expected != 1)) {
      throw new UnsupportedPixelDataException(
          "rendering " + p.bitsAllocated() + "-bit samples is not supported", uid);
    }
  }

  private static Samples decode(byte[] frame, ImagePixel p, TransferSyntax ts)
      throws IOException, PixelDataException {
    if (!ts.encapsulated()) {
      return NativeFrame.decode(frame, p);
    }
    if (ts.uid().equals(RLE)) {
      return NativeFrame.decode(RleFrame.decode(frame, p), p.decodedRle());
    }
    return JpegFrame.decode(frame, p, ts.uid());
  }

  private static BufferedImage image(byte[] pixels, int w, int h, boolean gray) {
    BufferedImage image =
        new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    if (gray) {
      System.arraycopy(pixels, 0, data, 0, pixels.length);
    } else {
      for (int i = 0; i < pixels.length; i += 3) {
        data[i] = pixels[i + 2];
        data[i + 1] = pixels[i + 1];
        data[i + 2] = pixels[i];
      }
    }
    return image;
  }
}
