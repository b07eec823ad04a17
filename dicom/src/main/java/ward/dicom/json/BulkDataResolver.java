package ward.dicom.json;

import java.io.IOException;
import ward.dicom.VR;
import ward.dicom.Value;

/**
 * Turns a "BulkDataURI" met while reading DICOM JSON into the value it stands for. Ward never
 * fetches a URI by itself: the default {@link #REFUSE} fails, so that JSON from a client cannot
 * make the server open files or send requests. An application that does resolve URIs decides which
 * ones it trusts.
 */
@FunctionalInterface
public interface BulkDataResolver {

  /**
   * @param path where the element is
   * @param vr the element's VR
   * @param uri the URI as written in the JSON
   * @return the value: binary numbers little endian, text of SH, LO, ST, LT, UC and UT in UTF-8
   * @throws IOException when the URI cannot or must not be resolved
   */
  Value.Binary resolve(ElementPath path, VR vr, String uri) throws IOException;

  /** Refuses every URI. */
  BulkDataResolver REFUSE =
      (path, vr, uri) -> {
        throw new IOException("BulkDataURI values are not accepted here (no resolver is set)");
      };
}
