package ward.scan.target;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Set;

/**
 * One host and port to assess.
 *
 * @param host the host as the user wrote it (a name or an address)
 * @param address the address connected to
 * @param port the TCP port
 * @param protocols what the port is probed for: a default DICOM port for DICOM, a default web port
 *     for the web, a port the user named for both
 */
public record Endpoint(String host, InetAddress address, int port, Set<Protocol> protocols) {

  public Endpoint {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
    }
    protocols = Set.copyOf(protocols);
  }

  /** The address and port, an IPv6 address in brackets. */
  public String key() {
    String a = address.getHostAddress();
    return (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + port;
  }

  public AddressScope scope() {
    return AddressScope.of(address);
  }
}
