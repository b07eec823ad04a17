package ward.net.client;

import java.io.IOException;
import ward.dicom.DataSet;

/** Receives the matches of a C-FIND as they arrive. */
@FunctionalInterface
public interface MatchHandler {

  /**
   * One match.
   *
   * @return true for more; false to cancel the query (a C-CANCEL-RQ is sent)
   */
  boolean onMatch(DataSet identifier) throws IOException;
}
