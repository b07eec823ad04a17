package ward.net.client;

/**
 * Where an association goes: the called AE title and the host and port of the peer, written as
 * {@code CALLED_AE@HOST:PORT} (an IPv6 address in brackets: {@code PACS@[::1]:11112}).
 *
 * @param calledAe the called AE title (PS3.5 6.2, VR AE)
 * @param host a host name, an IPv4 address, or an IPv6 address without brackets
 * @param port the TCP port, 1 to 65535
 */
public record Peer(String calledAe, String host, int port) {

  public Peer {
    checkAeTitle(calledAe, "called AE title");
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
    }
  }

  /**
   * Parses {@code CALLED_AE@HOST:PORT}.
   *
   * @throws IllegalArgumentException with a reason a person can act on
   */
  public static Peer parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no peer given");
    }
    int at = text.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not CALLED_AE@HOST:PORT (no '@' before the host)");
    }
    String ae = text.substring(0, at);
    String hostPort = text.substring(at + 1);
    String host;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
        throw new IllegalArgumentException(
            "'" + hostPort + "' is not [IPV6-ADDRESS]:PORT (the port follows the bracket)");
      }
      host = hostPort.substring(1, close);
      port = hostPort.substring(close + 2);
      if (host.indexOf(':') < 0) {
        throw new IllegalArgumentException("'" + host + "' in brackets is not an IPv6 address");
      }
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("'" + text + "' has no port (CALLED_AE@HOST:PORT)");
      }
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw new IllegalArgumentException(
            "put an IPv6 address in brackets: " + ae + "@[" + host + "]:" + port);
      }
    }
    if (!isHost(host)) {
      throw new IllegalArgumentException("'" + host + "' is not a host name or address");
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + port + "' is not a port number", e);
    }
    return new Peer(ae, host, p);
  }

  /** Host names, IPv4 and IPv6 addresses (with a zone after '%'): letters, digits, ".-:%_". */
  private static boolean isHost(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == ':'
              || c == '%'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks an AE title: 1 to 16 characters of the default repertoire, no backslash or control
   * characters, not only spaces (PS3.5 Table 6.2-1).
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static String checkAeTitle(String ae, String what) {
    if (ae == null || ae.isBlank()) {
      throw new IllegalArgumentException("empty " + what);
    }
    if (ae.length() > 16) {
      throw new IllegalArgumentException(what + " '" + ae + "' is longer than 16 characters");
    }
    for (int i = 0; i < ae.length(); i++) {
      char c = ae.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '\\') {
        throw new IllegalArgumentException(
            what + " '" + ae + "' has a character AE titles cannot hold");
      }
    }
    return ae;
  }

  @Override
  public String toString() {
    return calledAe + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
