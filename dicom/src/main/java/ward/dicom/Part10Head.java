package ward.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * The preamble and file meta information of a Part 10 stream (PS3.10 7.1), read element by element
 * without reading ahead into the data set, so a caller can stream the data set on (to store it as
 * it arrives, for example) instead of parsing it.
 *
 * @param dataSetStart the first bytes of the data set, read to find the end of the meta information
 */
public record Part10Head(
    byte[] preamble,
    String sopClassUid,
    String sopInstanceUid,
    String transferSyntaxUid,
    byte[] dataSetStart) {

  /** File meta information is small; anything larger is not a real one. */
  private static final int MAX_META_BYTES = 64 << 10;

  /** Reads the head; the stream is left inside the data set (see {@link #dataSet}). */
  public static Part10Head read(InputStream in) throws IOException {
    long metaBytes = 0;
    byte[] preamble = exactly(in, 128, "the preamble");
    byte[] magic = exactly(in, 4, "the DICM prefix");
    if (magic[0] != 'D' || magic[1] != 'I' || magic[2] != 'C' || magic[3] != 'M') {
      throw new DicomFormatException(128, "not a Part 10 file: no DICM prefix after the preamble");
    }
    // PS3.10 7.1: group 0002, explicit VR little endian. Each element is read whole; the first
    // tag of another group ends the meta information, so it is read through a one-tag lookahead.
    String sopClass = null;
    String sopInstance = null;
    String ts = null;
    byte[] tag = exactly(in, 4, "a file meta element");
    while (group(tag) == 0x0002) {
      byte[] vr = exactly(in, 2, "a file meta element's VR");
      long length;
      if (longForm(vr)) {
        byte[] l = exactly(in, 6, "a file meta element's length");
        length = (l[2] & 0xFFL) | (l[3] & 0xFFL) << 8 | (l[4] & 0xFFL) << 16 | (l[5] & 0xFFL) << 24;
      } else {
        byte[] l = exactly(in, 2, "a file meta element's length");
        length = (l[0] & 0xFF) | (l[1] & 0xFF) << 8;
      }
      metaBytes += (longForm(vr) ? 12 : 8) + length;
      if (metaBytes > MAX_META_BYTES) {
        throw new DicomFormatException(132, "file meta information is too large");
      }
      byte[] value = exactly(in, (int) length, "a file meta element's value");
      switch (element(tag)) {
        case 0x0002 -> sopClass = uid(value);
        case 0x0003 -> sopInstance = uid(value);
        case 0x0010 -> ts = uid(value);
        default -> {
          // other meta elements are not needed to store the object
        }
      }
      tag = exactly(in, 4, "the first data set element");
    }
    if (sopClass == null || sopInstance == null || ts == null) {
      throw new DicomFormatException(
          132, "file meta information lacks the SOP class, SOP instance or transfer syntax");
    }
    return new Part10Head(preamble, sopClass, sopInstance, ts, tag);
  }

  /** The data set: the lookahead bytes already read, then the rest of the stream. */
  public InputStream dataSet(InputStream rest) {
    return new SequenceInputStream(new ByteArrayInputStream(dataSetStart), rest);
  }

  private static int element(byte[] tag) {
    return (tag[2] & 0xFF) | (tag[3] & 0xFF) << 8;
  }

  /** A UI value: ASCII, padded with NUL to even length (PS3.5 6.2). */
  private static String uid(byte[] value) {
    return strip(new String(value, StandardCharsets.US_ASCII).replace('\0', ' '));
  }

  private static int group(byte[] tag) {
    return (tag[0] & 0xFF) | (tag[1] & 0xFF) << 8;
  }

  /** PS3.5 7.1.2: these VRs have two reserved bytes and a 4-byte length. */
  private static boolean longForm(byte[] vr) {
    String v = new String(vr, StandardCharsets.US_ASCII);
    return switch (v) {
      case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
      default -> false;
    };
  }

  private static byte[] exactly(InputStream in, int n, String what) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new DicomFormatException(-1, "the stream ends inside " + what);
    }
    return b;
  }

  private static String strip(String s) {
    return s.isBlank() ? null : s.strip();
  }
}
