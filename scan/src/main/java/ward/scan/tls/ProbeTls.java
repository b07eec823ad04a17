package ward.scan.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS client sockets for probing: they accept any server certificate, because the scanner must talk
 * to a server to judge it; whether the certificate deserves trust is judged separately ({@link
 * TlsProbe}). Nothing sent over them is secret.
 */
public final class ProbeTls {
  private ProbeTls() {}

  /** Accepts every chain; the probe's judgement of the chain is made elsewhere. */
  static final X509TrustManager ACCEPT_ANY =
      new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
          // a client never asks
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
          // judged by TlsProbe, not here
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };

  /**
   * Lets this JVM offer TLS 1.0 and 1.1 in its probes, so a server that still accepts them is found
   * (the JDK disables them by default through {@code jdk.tls.disabledAlgorithms}). Takes effect
   * only before the first TLS connection of the process; the scanner's own sockets never carry
   * anything secret. Returns whether the setting was changed.
   */
  public static boolean allowLegacyProtocolsForProbing() {
    String key = "jdk.tls.disabledAlgorithms";
    String value = java.security.Security.getProperty(key);
    if (value == null) {
      return false;
    }
    java.util.List<String> kept = new java.util.ArrayList<>();
    boolean changed = false;
    for (String part : value.split(",")) {
      String p = part.strip();
      if (p.equals("TLSv1") || p.equals("TLSv1.1")) {
        changed = true;
      } else if (!p.isEmpty()) {
        kept.add(p);
      }
    }
    if (changed) {
      java.security.Security.setProperty(key, String.join(", ", kept));
    }
    return changed;
  }

  /** A context for the given protocol ("TLS" for the JDK's default set). */
  public static SSLContext context(String protocol) {
    try {
      SSLContext c = SSLContext.getInstance(protocol);
      c.init(null, new TrustManager[] {ACCEPT_ANY}, new SecureRandom());
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + protocol, e);
    }
  }

  /** Sockets with the JDK's default protocols and suites, accepting any server certificate. */
  public static SSLSocketFactory socketFactory() {
    return context("TLS").getSocketFactory();
  }
}
