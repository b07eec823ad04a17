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
