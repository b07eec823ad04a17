package ward.net.client;

import java.io.IOException;
import java.io.InputStream;

/** Where the instances received by C-STORE sub-operations of a C-GET go. */
@FunctionalInterface
public interface InstanceSink {

  /**
   * Keeps one instance.
   *
   * @param sopClassUid the Affected SOP Class UID of the C-STORE-RQ (from the peer: unchecked)
   * @param sopInstanceUid the Affected SOP Instance UID of the C-STORE-RQ (unchecked)
   * @param transferSyntaxUid the transfer syntax the data set is encoded in
   * @param dataSet the data set as it arrives; need not be read to the end
   * @return the C-STORE status to answer (0 for success)
   * @throws IOException when the instance could not be kept; answered as out of resources
   */
  int store(
      String sopClassUid, String sopInstanceUid, String transferSyntaxUid, InputStream dataSet)
      throws IOException;
}
