package ward.dicom.json;

import ward.dicom.BulkData;

/**
 * How to write DICOM JSON.
 *
 * @param bulkDataUris gives URIs for values left out of the JSON; null to write every value
 * @param bulkDataThreshold values held in memory that are longer than this many bytes are offered
 *     to {@code bulkDataUris}, if their VR allows a BulkDataURI (PS3.18 F.2.2); {@link BulkData}
 *     values and encapsulated pixel data are always offered
 */
public record JsonOptions(BulkDataUris bulkDataUris, long bulkDataThreshold) {

  /** Every value written into the JSON. */
  public static final JsonOptions DEFAULT = new JsonOptions(null, Long.MAX_VALUE);

  public JsonOptions {
    if (bulkDataThreshold < 0) {
      throw new IllegalArgumentException("negative bulk data threshold");
    }
  }

  /** Writes BulkDataURIs given by {@code uris} for values longer than {@code threshold} bytes. */
  public static JsonOptions withBulkData(BulkDataUris uris, long threshold) {
    return new JsonOptions(uris, threshold);
  }
}
