package ward.archive.render;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import ward.dicom.DicomFormatException;

/**
 * Which fragments of encapsulated pixel data (PS3.5 A.4) make up each frame. In order:
 *
 * <ol>
 *   <li>a single frame is all fragments;
 *   <li>the Extended Offset Table (7FE0,0001), when present, gives each frame's first fragment and,
 *       with (7FE0,0002), its length (PS3.3 C.7.6.3.1.8);
 *   <li>a Basic Offset Table that is not empty gives each frame's first fragment;
 *   <li>otherwise, as many fragments as frames is one fragment per frame (required for RLE);
 *   <li>otherwise, more fragments than frames are grouped by end-of-image markers: a frame ends
 *       with the fragment whose last ten bytes hold FF D9 (JPEG EOI, also the JPEG-LS EOI and the
 *       JPEG 2000 EOC marker; ten bytes because writers pad a fragment to even length and some pad
 *       more). This is pydicom's rule. Entropy-coded data cannot hold FF D9, so the marker is only
 *       found where a frame ends.
 * </ol>
 *
 * Offsets in both tables count from the first byte of the first fragment's item header. Anything
 * that does not add up to Number of Frames is refused as malformed rather than guessed at.
 */
final class FrameBoundaries {
  private static final int ITEM_HEADER = 8;

  /** Fragments {@code [first, end)} form a frame of {@code length} bytes. */
  record Extent(int first, int end, long length) {}

  private FrameBoundaries() {}

  /**
   * @param at where the pixel data starts in the instance, named in errors
   */
  static List<Extent> of(
      int frames,
      List<Piece> fragments,
      byte[] basicOffsets,
      byte[] extOffsets,
      byte[] extLengths,
      long at)
      throws DicomFormatException {
    try {
      return group(frames, fragments, basicOffsets, extOffsets, extLengths);
    } catch (Malformed e) {
      throw new DicomFormatException(at, e.getMessage());
    }
  }

  /** A reason the fragments do not form the frames; carries no position of its own. */
  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String reason) {
      super(reason, null, false, false);
    }
  }

  private static List<Extent> group(
      int frames, List<Piece> fragments, byte[] basicOffsets, byte[] extOffsets, byte[] extLengths)
      throws Malformed {
    if (fragments.isEmpty()) {
      throw malformed("the encapsulated pixel data holds no fragments");
    }
    if (frames == 1) {
      return List.of(extent(fragments, 0, fragments.size(), -1));
    }
    if (extOffsets != null && extOffsets.length > 0) {
      long[] lengths = extLengths == null || extLengths.length == 0 ? null : longs(extLengths);
      return fromOffsets(frames, fragments, longs(extOffsets), lengths, "Extended Offset Table");
    }
    if (basicOffsets.length > 0) {
      return fromOffsets(frames, fragments, uints(basicOffsets), null, "Basic Offset Table");
    }
    int n = fragments.size();
    if (n == frames) {
      List<Extent> one = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        one.add(extent(fragments, i, i + 1, -1));
      }
      return one;
    }
    if (n < frames) {
      throw malformed(n + " fragments cannot hold " + frames + " frames");
    }
    return byEndOfImage(frames, fragments);
  }

  private static List<Extent> fromOffsets(
      int frames, List<Piece> fragments, long[] offsets, long[] lengths, String table)
      throws Malformed {
    if (offsets.length != frames || (lengths != null && lengths.length != frames)) {
      throw malformed(
          "the " + table + " has " + offsets.length + " entries for " + frames + " frames");
    }
    List<Extent> extents = new ArrayList<>(frames);
    int index = 0;
    long itemStart = 0;
    int[] firsts = new int[frames];
    for (int f = 0; f < frames; f++) {
      while (index < fragments.size() && itemStart < offsets[f]) {
        itemStart += ITEM_HEADER + fragments.get(index).length();
        index++;
      }
      if (itemStart != offsets[f]
          || index == fragments.size()
          || (f > 0 && index == firsts[f - 1])) {
        throw malformed(
            "the "
                + table
                + " gives frame "
                + (f + 1)
                + " offset "
                + offsets[f]
                + ", where no fragment after the previous frame's starts");
      }
      firsts[f] = index;
    }
    for (int f = 0; f < frames; f++) {
      int end = f + 1 < frames ? firsts[f + 1] : fragments.size();
      extents.add(extent(fragments, firsts[f], end, lengths == null ? -1 : lengths[f]));
    }
    return extents;
  }

  private static List<Extent> byEndOfImage(int frames, List<Piece> fragments) throws Malformed {
    List<Extent> extents = new ArrayList<>(frames);
    int first = 0;
    for (int i = 0; i < fragments.size(); i++) {
      if (endsImage(fragments.get(i).tail())) {
        extents.add(extent(fragments, first, i + 1, -1));
        first = i + 1;
      }
    }
    if (extents.size() != frames || first != fragments.size()) {
      throw malformed(
          "without an offset table, "
              + fragments.size()
              + " fragments split at end-of-image markers give "
              + extents.size()
              + " frames"
              + (first != fragments.size() ? " and a remainder" : "")
              + ", not the "
              + frames
              + " of Number of Frames");
    }
    return extents;
  }

  private static boolean endsImage(byte[] tail) {
    for (int i = 0; i + 1 < tail.length; i++) {
      if (tail[i] == (byte) 0xFF && tail[i + 1] == (byte) 0xD9) {
        return true;
      }
    }
    return false;
  }

  private static Extent extent(List<Piece> fragments, int first, int end, long declared)
      throws Malformed {
    long sum = 0;
    for (int i = first; i < end; i++) {
      sum += fragments.get(i).length();
    }
    if (declared > sum) {
      throw malformed(
          "a frame length of " + declared + " is more than its " + sum + " bytes of fragments");
    }
    return new Extent(first, end, declared < 0 ? sum : declared);
  }

  private static long[] uints(byte[] b) throws Malformed {
    if (b.length % 4 != 0) {
      throw malformed("the Basic Offset Table is " + b.length + " bytes, not a multiple of 4");
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long[] r = new long[b.length / 4];
    for (int i = 0; i < r.length; i++) {
      r[i] = Integer.toUnsignedLong(buf.getInt(4 * i));
    }
    return r;
  }

  private static long[] longs(byte[] b) throws Malformed {
    if (b.length % 8 != 0) {
      throw malformed("an extended offset table is " + b.length + " bytes, not a multiple of 8");
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long[] r = new long[b.length / 8];
    for (int i = 0; i < r.length; i++) {
      r[i] = buf.getLong(8 * i);
      if (r[i] < 0) {
        throw malformed("an extended offset table holds a value above 2^63");
      }
    }
    return r;
  }

  private static Malformed malformed(String reason) {
    return new Malformed(reason);
  }
}
