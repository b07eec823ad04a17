package ward.dicom;

/**
 * How to read a data set.
 *
 * @param limits bounds on hostile input
 * @param bulkDataThreshold bulk-capable values (pixel data, OB, OW, OF, OD, OL, OV, UN and pixel
 *     data fragments) longer than this go to {@code bulkDataHandler}; others are read into memory
 * @param bulkDataHandler what becomes of large values
 * @param stopBeforePixelData stop reading at the top-level pixel data element (header-only)
 * @param rawTransferSyntax for input without a Part 10 header: the transfer syntax to assume, or
 *     null to refuse such input
 */
public record ReadOptions(
    ReadLimits limits,
    long bulkDataThreshold,
    BulkDataHandler bulkDataHandler,
    boolean stopBeforePixelData,
    TransferSyntax rawTransferSyntax) {

  /** Everything in memory, within the default limits; Part 10 input only. */
  public static final ReadOptions DEFAULT =
      new ReadOptions(ReadLimits.DEFAULT, Long.MAX_VALUE, BulkDataHandler.IN_MEMORY, false, null);

  public ReadOptions {
    if (limits == null || bulkDataHandler == null || bulkDataThreshold < 0) {
      throw new IllegalArgumentException("limits and a bulk data handler are required");
    }
  }

  public ReadOptions withLimits(ReadLimits l) {
    return new ReadOptions(
        l, bulkDataThreshold, bulkDataHandler, stopBeforePixelData, rawTransferSyntax);
  }

  public ReadOptions withBulkData(long threshold, BulkDataHandler handler) {
    return new ReadOptions(limits, threshold, handler, stopBeforePixelData, rawTransferSyntax);
  }

  public ReadOptions withStopBeforePixelData(boolean stop) {
    return new ReadOptions(limits, bulkDataThreshold, bulkDataHandler, stop, rawTransferSyntax);
  }

  /** Accepts input without a Part 10 header, decoded with the given transfer syntax. */
  public ReadOptions withRawTransferSyntax(TransferSyntax ts) {
    return new ReadOptions(limits, bulkDataThreshold, bulkDataHandler, stopBeforePixelData, ts);
  }
}
