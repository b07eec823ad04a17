package ward.dicom.json;

import ward.dicom.TransferSyntax;

/**
 * How to read DICOM JSON.
 *
 * @param limits bounds on hostile input
 * @param bulkDataResolver resolves "BulkDataURI" values; {@link BulkDataResolver#REFUSE} by default
 * @param transferSyntax the transfer syntax of the "InlineBinary" values (the transfer-syntax
 *     parameter of the application/dicom+json media type): when it is encapsulated, the inline
 *     Pixel Data (7FE0,0010) of the top-level data set is read as encapsulated fragments. Big
 *     endian syntaxes are not supported.
 */
public record JsonReadOptions(
    JsonLimits limits, BulkDataResolver bulkDataResolver, TransferSyntax transferSyntax) {

  /** Default limits, BulkDataURIs refused, explicit VR little endian. */
  public static final JsonReadOptions DEFAULT =
      new JsonReadOptions(
          JsonLimits.DEFAULT, BulkDataResolver.REFUSE, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

  public JsonReadOptions {
    if (limits == null || bulkDataResolver == null || transferSyntax == null) {
      throw new IllegalArgumentException("limits, a resolver and a transfer syntax are required");
    }
    if (transferSyntax.bigEndian()) {
      throw new IllegalArgumentException("big endian DICOM JSON is not supported");
    }
  }

  public JsonReadOptions withLimits(JsonLimits l) {
    return new JsonReadOptions(l, bulkDataResolver, transferSyntax);
  }

  public JsonReadOptions withBulkDataResolver(BulkDataResolver r) {
    return new JsonReadOptions(limits, r, transferSyntax);
  }

  public JsonReadOptions withTransferSyntax(TransferSyntax ts) {
    return new JsonReadOptions(limits, bulkDataResolver, ts);
  }
}
