package ward.dicom;

/** In-place byte order reversal of fixed-size units. */
final class ByteOrderSwap {
  private ByteOrderSwap() {}

  /** Reverses each {@code unit}-byte group in {@code b[off, off+len)}; a trailing part is kept. */
  static void swap(byte[] b, int off, int len, int unit) {
    if (unit <= 1) {
      return;
    }
    int end = off + len - len % unit;
    for (int i = off; i < end; i += unit) {
      for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
        byte t = b[lo];
        b[lo] = b[hi];
        b[hi] = t;
      }
    }
  }
}
