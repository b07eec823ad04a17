package ward.dicom;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the element headers and length fields of a Part 10 file are, found by a plain scan of its
 * bytes: the places where truncations and flipped bits are most likely to find a reader's mistakes.
 * The scan is best effort and independent of {@link DicomReader}: it steps into sequences and items
 * instead of skipping them, and stops at the first header that makes no sense (for example inside a
 * deflated data set or an implicit VR sequence under an explicit VR transfer syntax).
 *
 * @param boundaries offsets where an element, item or delimiter header starts, or where a value
 *     starts or ends, in ascending order
 * @param lengthFields the value length fields of those headers, in ascending order
 */
record Part10Layout(List<Integer> boundaries, List<LengthField> lengthFields) {

  /** A value length field: {@code size} bytes (2 or 4) at {@code offset}. */
  record LengthField(int offset, int size, boolean bigEndian) {}

  private static final long UNDEFINED = 0xFFFFFFFFL;

  /**
   * Scans {@code b}, whose data set is encoded as {@code ts} says (as {@link DicomReader} decided).
   */
  static Part10Layout scan(byte[] b, TransferSyntax ts) {
    List<Integer> boundaries = new ArrayList<>();
    List<LengthField> lengths = new ArrayList<>();
    int pos = DicomReader.looksLikePart10(b) ? 132 : 0;
    boolean inMeta = true;
    boolean inFragments = false;
    while (pos + 8 <= b.length) {
      int group = u16(b, pos, false);
      inMeta = inMeta && group == 0x0002;
      if (!inMeta && ts.deflated()) {
        break;
      }
      boolean be = !inMeta && ts.bigEndian();
      boolean explicit = inMeta || ts.explicitVr();
      int tag = (u16(b, pos, be) << 16) | u16(b, pos + 2, be);
      boundaries.add(pos);
      if ((tag >>> 16) == 0xFFFE) {
        long length = u32(b, pos + 4, be);
        lengths.add(new LengthField(pos + 4, 4, be));
        pos += 8;
        boundaries.add(pos);
        if (tag == Tag.SEQUENCE_DELIMITATION) {
          inFragments = false;
        } else if (tag == Tag.ITEM && inFragments && length != UNDEFINED) {
          pos += (int) Math.min(length, b.length - pos);
          boundaries.add(pos);
        }
        continue;
      }
      VR vr;
      int header;
      long length;
      if (explicit) {
        vr = VR.ofCode(u16(b, pos + 4, true));
        if (vr == null) {
          break;
        }
        if (vr.hasLongHeader()) {
          if (pos + 12 > b.length) {
            break;
          }
          lengths.add(new LengthField(pos + 8, 4, be));
          length = u32(b, pos + 8, be);
          header = 12;
        } else {
          lengths.add(new LengthField(pos + 6, 2, be));
          length = u16(b, pos + 6, be);
          header = 8;
        }
      } else {
        VR known = ElementDictionary.vrOf(tag);
        vr = known == null ? VR.UN : known;
        lengths.add(new LengthField(pos + 4, 4, be));
        length = u32(b, pos + 4, be);
        header = 8;
      }
      pos += header;
      boundaries.add(pos);
      if (length == UNDEFINED) {
        // a sequence, or encapsulated pixel data: step into it
        inFragments = tag == Tag.PIXEL_DATA;
        continue;
      }
      if (vr == VR.SQ) {
        continue;
      }
      if (length > b.length - pos) {
        break;
      }
      pos += (int) length;
      boundaries.add(pos);
    }
    return new Part10Layout(
        boundaries.stream().distinct().sorted().toList(),
        lengths.stream()
            .sorted((x, y) -> Integer.compare(x.offset(), y.offset()))
            .distinct()
            .toList());
  }

  private static int u16(byte[] b, int at, boolean bigEndian) {
    int x = b[at] & 0xFF;
    int y = b[at + 1] & 0xFF;
    return bigEndian ? (x << 8) | y : (y << 8) | x;
  }

  private static long u32(byte[] b, int at, boolean bigEndian) {
    long lo = u16(b, at, bigEndian);
    long hi = u16(b, at + 2, bigEndian);
    return bigEndian ? (lo << 16) | hi : (hi << 16) | lo;
  }
}
