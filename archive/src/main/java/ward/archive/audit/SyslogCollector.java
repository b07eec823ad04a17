package ward.archive.audit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where audit messages are forwarded: a syslog collector over TLS (RFC 5425), trusted through the
 * CA certificates in a PEM file; its certificate must name {@code host}.
 */
public record SyslogCollector(String host, int port, Path caFile) {
  /** RFC 5425 4: the port for syslog over TLS. */
  public static final int DEFAULT_PORT = 6514;

  public SyslogCollector {
    Objects.requireNonNull(host);
    Objects.requireNonNull(caFile);
    if (host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("a syslog collector has a host and a port");
    }
  }
}
