package ward.net.server;

import java.net.InetSocketAddress;
import java.security.Principal;

/**
 * What happens to connections and associations on a {@link DicomServer}, for logs and the audit
 * trail. Every event names the peer; events of an established association carry its id.
 */
public sealed interface ServerEvent
    permits ServerEvent.Accepted,
        ServerEvent.Rejected,
        ServerEvent.Refused,
        ServerEvent.Released,
        ServerEvent.Aborted,
        ServerEvent.HandlerFailed {

  InetSocketAddress peer();

  /** An association was accepted for a principal. */
  record Accepted(
      long association,
      InetSocketAddress peer,
      String callingAe,
      String calledAe,
      Principal principal)
      implements ServerEvent {}

  /**
   * An association request was answered with A-ASSOCIATE-RJ: by the gate, for a wrong called AE
   * title or application context, or because a limit was reached.
   */
  record Rejected(
      InetSocketAddress peer,
      String callingAe,
      String calledAe,
      int result,
      int source,
      int reason,
      String why)
      implements ServerEvent {}

  /** A connection ended without a valid association request: a probe, a stall, garbage, a flood. */
  record Refused(InetSocketAddress peer, String why) implements ServerEvent {}

  /** An association ended with an orderly release. */
  record Released(long association, InetSocketAddress peer) implements ServerEvent {}

  /**
   * An association ended abnormally: aborted by either side, timed out, or the connection broke.
   */
  record Aborted(long association, InetSocketAddress peer, String why) implements ServerEvent {}

  /**
   * A service handler threw; the peer got a failure status with a generic comment, and the details
   * are here.
   */
  record HandlerFailed(long association, InetSocketAddress peer, String service, Throwable error)
      implements ServerEvent {}
}
