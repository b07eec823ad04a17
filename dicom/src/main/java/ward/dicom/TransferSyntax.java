package ward.dicom;

import java.util.Map;

/**
 * How a data set is encoded (PS3.5 10): VR explicit or implicit, byte order, deflate, and whether
 * pixel data is encapsulated. Unknown UIDs are taken as explicit VR little endian with encapsulated
 * pixel data, which is what every compressed transfer syntax is.
 */
public record TransferSyntax(
    String uid, boolean explicitVr, boolean bigEndian, boolean deflated, boolean encapsulated) {

  public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
      new TransferSyntax("1.2.840.10008.1.2", false, false, false, false);
  public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
      new TransferSyntax("1.2.840.10008.1.2.1", true, false, false, false);
  public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
      new TransferSyntax("1.2.840.10008.1.2.1.99", true, false, true, false);
  public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
      new TransferSyntax("1.2.840.10008.1.2.2", true, true, false, false);
  public static final TransferSyntax JPEG_BASELINE =
      new TransferSyntax("1.2.840.10008.1.2.4.50", true, false, false, true);

  private static final Map<String, TransferSyntax> NATIVE =
      Map.of(
          IMPLICIT_VR_LITTLE_ENDIAN.uid,
          IMPLICIT_VR_LITTLE_ENDIAN,
          EXPLICIT_VR_LITTLE_ENDIAN.uid,
          EXPLICIT_VR_LITTLE_ENDIAN,
          DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid,
          DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
          EXPLICIT_VR_BIG_ENDIAN.uid,
          EXPLICIT_VR_BIG_ENDIAN,
          // JPIP Referenced Deflate: deflated explicit little endian, pixel data by reference.
          "1.2.840.10008.1.2.4.95",
          new TransferSyntax("1.2.840.10008.1.2.4.95", true, false, true, false),
          // JPIP Referenced: explicit little endian, pixel data by reference.
          "1.2.840.10008.1.2.4.94",
          new TransferSyntax("1.2.840.10008.1.2.4.94", true, false, false, false));

  /** The transfer syntax for a UID; unknown UIDs are encapsulated explicit VR little endian. */
  public static TransferSyntax of(String uid) {
    TransferSyntax known = NATIVE.get(uid);
    return known != null ? known : new TransferSyntax(uid, true, false, false, true);
  }

  /** True when the UID is one of the uncompressed or deflated syntaxes Ward decodes itself. */
  public static boolean isNative(String uid) {
    return NATIVE.containsKey(uid);
  }
}
