package ward.net.server;

import java.io.IOException;
import java.io.InputStream;

/**
 * One instance to send in a C-GET or C-MOVE sub-operation.
 *
 * @param sopClassUid its SOP class
 * @param sopInstanceUid its SOP instance UID
 * @param transferSyntaxUid the transfer syntax its data set is stored in
 * @param source opens the data set (no preamble or file meta information) in that syntax
 */
public record Instance(
    String sopClassUid, String sopInstanceUid, String transferSyntaxUid, Source source) {

  /** Opens an instance's data set; called at most once per sub-operation, the stream is closed. */
  @FunctionalInterface
  public interface Source {
    InputStream open() throws IOException;
  }
}
