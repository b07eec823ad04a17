package ward.net.server;

import java.util.List;
import java.util.stream.Stream;
import ward.dicom.DataSet;

/**
 * What a {@link FindHandler} found: the response identifiers, produced lazily, and whether some
 * optional keys of the request identifier were not supported (each pending response then has status
 * FF01, PS3.4 C.4.1.1.4).
 *
 * <p>The server closes the stream when it is done with it, also when the peer cancels, so a stream
 * over a database cursor can release it in {@link Stream#onClose}.
 */
public record Matches(Stream<DataSet> results, boolean optionalKeysUnsupported) {

  public static Matches of(Stream<DataSet> results) {
    return new Matches(results, false);
  }

  public static Matches of(List<DataSet> results) {
    return of(results.stream());
  }
}
