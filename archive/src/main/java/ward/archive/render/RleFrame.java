package ward.archive.render;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import ward.dicom.DicomFormatException;

/**
 * Decodes an RLE Lossless frame (PS3.5 Annex G) to native little endian bytes by plane: a 64-byte
 * header of segment count and offsets, then one PackBits segment per byte of each sample, most
 * significant byte first.
 */
final class RleFrame {
  private static final int HEADER = 64;

  private RleFrame() {}

  static byte[] decode(byte[] frame, ImagePixel p) throws DicomFormatException {
    if (p.bitsAllocated() % 8 != 0) {
      throw new DicomFormatException(0, "RLE with Bits Allocated " + p.bitsAllocated());
    }
    int bytesPerSample = p.bitsAllocated() / 8;
    int segments = p.samplesPerPixel() * bytesPerSample;
    if (frame.length < HEADER) {
      throw new DicomFormatException(0, "an RLE frame of " + frame.length + " bytes has no header");
    }
    ByteBuffer header = ByteBuffer.wrap(frame, 0, HEADER).order(ByteOrder.LITTLE_ENDIAN);
    int count = header.getInt(0);
    if (count != segments) {
      throw new DicomFormatException(
          0, "the RLE header names " + count + " segments where " + segments + " are needed");
    }
    int pixels = (int) p.pixels();
    byte[] out = new byte[pixels * segments];
    for (int s = 0; s < segments; s++) {
      long start = Integer.toUnsignedLong(header.getInt(4 + 4 * s));
      long end = s + 1 < segments ? Integer.toUnsignedLong(header.getInt(8 + 4 * s)) : frame.length;
      if (start < HEADER || end > frame.length || start > end) {
        throw new DicomFormatException(0, "RLE segment " + (s + 1) + " lies outside the frame");
      }
      int sample = s / bytesPerSample;
      int significance = bytesPerSample - 1 - s % bytesPerSample;
      unpack(
          frame,
          (int) start,
          (int) end,
          out,
          sample * pixels * bytesPerSample + significance,
          bytesPerSample,
          pixels);
    }
    return out;
  }

  /** PackBits (PS3.5 G.3.1), writing every {@code stride}-th byte of {@code out}. */
  private static void unpack(
      byte[] in, int pos, int end, byte[] out, int first, int stride, int count)
      throws DicomFormatException {
    int o = 0;
    while (o < count && pos < end) {
      int n = in[pos++];
      if (n >= 0) {
        int run = Math.min(n + 1, end - pos);
        for (int i = 0; i < run && o < count; i++) {
          out[first + stride * o++] = in[pos + i];
        }
        pos += n + 1;
      } else if (n != -128) {
        if (pos >= end) {
          break;
        }
        byte b = in[pos++];
        for (int i = 0; i < 1 - n && o < count; i++) {
          out[first + stride * o++] = b;
        }
      }
    }
    if (o < count) {
      throw new DicomFormatException(
          0, "an RLE segment decodes to " + o + " of " + count + " bytes");
    }
  }
}
