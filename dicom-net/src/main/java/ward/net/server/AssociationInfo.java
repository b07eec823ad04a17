package ward.net.server;

import java.net.InetSocketAddress;
import java.security.Principal;

/**
 * What every service call knows about the association it arrived on.
 *
 * @param id the server's number for the association, as in its {@link ServerEvent}s
 * @param callingAe the peer's AE title
 * @param calledAe the AE title the peer called (this server's)
 * @param peer the peer's address
 * @param principal who the {@link AssociationGate} authenticated; never null
 */
public record AssociationInfo(
    long id, String callingAe, String calledAe, InetSocketAddress peer, Principal principal) {}
