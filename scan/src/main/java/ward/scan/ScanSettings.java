package ward.scan;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import ward.net.client.Peer;

/**
 * How a scan behaves.
 *
 * @param callingAe the AE title this side gives
 * @param extraCalledAes called AE titles to try besides the dictionary
 * @param timeout the bound on connecting, each handshake and each wait for an answer
 * @param concurrency how many endpoints are assessed at once
 * @param connectionsPerSecond the most new connections opened per second, over the whole scan
 * @param maxMatches the most C-FIND matches read per query before cancelling
 * @param tryRetrieve retrieve one instance by C-GET (discarded unread) where queries are open
 * @param tryStore store one synthetic test instance where storage is accepted
 * @param tryDefaultCredentials try well-known default web credentials
 * @param trusted certificate authorities a TLS server's certificate is judged against (besides the
 *     JDK's); empty for the JDK's only
 */
public record ScanSettings(
    String callingAe,
    List<String> extraCalledAes,
    Duration timeout,
    int concurrency,
    int connectionsPerSecond,
    int maxMatches,
    boolean tryRetrieve,
    boolean tryStore,
    boolean tryDefaultCredentials,
    List<X509Certificate> trusted) {

  public static final String DEFAULT_CALLING_AE = "WARDSCAN";

  public ScanSettings {
    Peer.checkAeTitle(callingAe, "calling AE title");
    extraCalledAes = List.copyOf(extraCalledAes);
    for (String ae : extraCalledAes) {
      Peer.checkAeTitle(ae, "called AE title");
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.toSeconds() > 600) {
      throw new IllegalArgumentException("timeout must be between 1 ms and 600 s");
    }
    if (concurrency < 1 || concurrency > 1024) {
      throw new IllegalArgumentException("concurrency must be between 1 and 1024");
    }
    if (connectionsPerSecond < 1 || connectionsPerSecond > 100_000) {
      throw new IllegalArgumentException("rate must be between 1 and 100000 per second");
    }
    if (maxMatches < 1) {
      throw new IllegalArgumentException("the match limit must be positive");
    }
    trusted = List.copyOf(trusted);
  }

  /** Passive checks only, 5 s timeout, 32 endpoints at once, 100 connections a second. */
  public static ScanSettings defaults() {
    return new ScanSettings(
        DEFAULT_CALLING_AE,
        List.of(),
        Duration.ofSeconds(5),
        32,
        100,
        100_000,
        false,
        false,
        false,
        List.of());
  }
}
