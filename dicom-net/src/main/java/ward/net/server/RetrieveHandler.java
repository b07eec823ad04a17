package ward.net.server;

import java.io.IOException;
import java.util.List;
import ward.dicom.DataSet;

/** The C-GET and C-MOVE SCP's application side (PS3.4 C.4.2, C.4.3): what to send. */
@FunctionalInterface
public interface RetrieveHandler {

  /**
   * Resolves an identifier to the instances to send. The list holds references, not data: each
   * instance's data set is opened only when its sub-operation runs.
   *
   * @throws DimseException to answer with its status (A701, A900, Cxxx)
   */
  List<Instance> retrieve(DimseRequest request, DataSet identifier)
      throws IOException, DimseException;
}
