package ward.net.server;

import java.util.Objects;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * Where C-MOVE sends instances: the application's table of known AE titles. The request is passed
 * so that the answer can depend on who asks.
 */
@FunctionalInterface
public interface MoveDestinations {

  /**
   * @return the destination, or empty when the AE title is unknown (answered with A801)
   */
  Optional<Destination> resolve(String aeTitle, DimseRequest request);

  /**
   * A storage SCP to connect to.
   *
   * @param sockets makes the connection: plain, or TLS with the application's settings
   */
  record Destination(String aeTitle, String host, int port, SocketFactory sockets) {
    public Destination {
      Objects.requireNonNull(aeTitle, "aeTitle");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(sockets, "sockets");
      if (port <= 0 || port > 0xFFFF) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }

    /** A destination reached over plain TCP. */
    public Destination(String aeTitle, String host, int port) {
      this(aeTitle, host, port, SocketFactory.getDefault());
    }
  }
}
