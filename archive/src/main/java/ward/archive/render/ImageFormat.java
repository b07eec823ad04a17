package ward.archive.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** The media types a rendered image is written as (PS3.18 8.7.4, rendered media types). */
public enum ImageFormat {
  JPEG("image/jpeg", "jpeg"),
  PNG("image/png", "png");

  /** JPEG quality when the request names none (PS3.18 8.3.5.1.2 leaves it to the origin). */
  public static final int DEFAULT_QUALITY = 90;

  private final String mediaType;
  private final String formatName;

  ImageFormat(String mediaType, String formatName) {
    this.mediaType = mediaType;
    this.formatName = formatName;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The format for a media type, or null when Ward does not render to it. */
  public static ImageFormat forMediaType(String mediaType) {
    for (ImageFormat f : values()) {
      if (f.mediaType.equalsIgnoreCase(mediaType.strip())) {
        return f;
      }
    }
    return null;
  }

  /**
   * Writes the image; the stream is flushed, not closed. Buffers in memory, never in temporary
   * files.
   *
   * @param quality 1 (smallest) to 100 (best), as the DICOMweb {@code quality} parameter; PNG is
   *     lossless and ignores it
   */
  public void write(BufferedImage image, OutputStream out, int quality) throws IOException {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("quality must be 1 to 100, not " + quality);
    }
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
    if (!writers.hasNext()) {
      throw new IOException("no " + formatName + " writer is installed");
    }
    ImageWriter writer = writers.next();
    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (this == JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    out.flush();
  }
}
