package ward.dicom;

/**
 * Bounds that keep hostile input from harming the process. Input beyond any of them is refused with
 * a {@link DicomFormatException} naming the limit.
 *
 * @param maxValueBytes largest single value read into memory
 * @param maxHeapBytes largest total of values read into memory for one data set
 * @param maxDepth deepest nesting of sequences
 * @param maxElements most elements, items and fragments in one data set, all levels together
 * @param maxInflatedBytes largest deflated data set once inflated
 * @param maxDeflateRatio largest ratio of inflated to compressed bytes, checked once a mebibyte has
 *     been inflated
 */
public record ReadLimits(
    long maxValueBytes,
    long maxHeapBytes,
    int maxDepth,
    long maxElements,
    long maxInflatedBytes,
    int maxDeflateRatio) {

  /** Limits for archive ingest: generous for real studies, far below what harms a server. */
  public static final ReadLimits DEFAULT =
      new ReadLimits(
          1L << 30, // 1 GiB: the largest single-frame or multi-frame value kept in memory
          1L << 31, 32, 2_000_000, 4L << 30, 200);

  public ReadLimits {
    if (maxValueBytes < 0 || maxHeapBytes < 0 || maxDepth < 1 || maxElements < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (maxValueBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a value held in memory cannot exceed 2 GiB");
    }
  }

  public ReadLimits withMaxValueBytes(long v) {
    return new ReadLimits(
        v, maxHeapBytes, maxDepth, maxElements, maxInflatedBytes, maxDeflateRatio);
  }

  public ReadLimits withMaxHeapBytes(long v) {
    return new ReadLimits(
        maxValueBytes, v, maxDepth, maxElements, maxInflatedBytes, maxDeflateRatio);
  }

  public ReadLimits withMaxDepth(int v) {
    return new ReadLimits(
        maxValueBytes, maxHeapBytes, v, maxElements, maxInflatedBytes, maxDeflateRatio);
  }

  public ReadLimits withMaxElements(long v) {
    return new ReadLimits(
        maxValueBytes, maxHeapBytes, maxDepth, v, maxInflatedBytes, maxDeflateRatio);
  }

  public ReadLimits withMaxInflatedBytes(long v) {
    return new ReadLimits(maxValueBytes, maxHeapBytes, maxDepth, maxElements, v, maxDeflateRatio);
  }
}
