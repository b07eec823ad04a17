package ward.net.server;

import java.io.IOException;
import ward.dicom.DataSet;

/** The C-FIND SCP's application side (PS3.4 C.4.1). */
@FunctionalInterface
public interface FindHandler {

  /**
   * Finds the matches for an identifier. The server sends one pending response per match, stops
   * early when the peer sends C-CANCEL, and closes the stream.
   *
   * @throws DimseException to answer with its status (for example A900 for an identifier that does
   *     not fit the information model)
   */
  Matches find(DimseRequest request, DataSet identifier) throws IOException, DimseException;
}
