package ward.scan.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import ward.scan.ProbeContext;
import ward.scan.target.Endpoint;

/**
 * Which TLS versions and cipher suites a server accepts, one handshake per version and per suite,
 * and what its certificate is worth, judged against the BCP 195 profiles PS3.15 B.9 and B.10
 * require (RFC 9325: TLS 1.2 or 1.3, AEAD suites with forward secrecy).
 */
public final class TlsProbe {

  static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  private final ProbeContext context;

  public TlsProbe(ProbeContext context) {
    this.context = context;
  }

  /** BCP 195 (RFC 9325 4.2): TLS 1.3 suites, or ECDHE/DHE with AES-GCM or ChaCha20-Poly1305. */
  public static boolean recommended(String suite) {
    if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
      return true;
    }
    boolean forwardSecret = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
    boolean aead = suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305");
    return forwardSecret && aead;
  }

  /** The chain the server sent, recorded by a trust manager that accepts it for judging. */
  private static final class Recorder implements X509TrustManager {
    volatile X509Certificate[] chain;

    @Override
    public void checkClientTrusted(X509Certificate[] c, String authType) {
      // not a server
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String authType) {
      chain = c.clone();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Notes whether the server asked for a client certificate (a CertificateRequest); has none. */
  private static final class AskedForCertificate extends X509ExtendedKeyManager {
    volatile boolean asked;

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      asked = true;
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      asked = true;
      return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
      asked = true;
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return null;
    }
  }

  /** The outcome of one handshake. */
  public enum Result {
    OK,
    REFUSED,
    NEEDS_CLIENT_CERTIFICATE,
    LOCAL_UNSUPPORTED,
    UNREACHABLE
  }

  /**
   * One handshake with the JDK's defaults: does the port speak TLS, and does it want a certificate.
   */
  public Result handshake(Endpoint e) {
    return handshake(e, new Recorder(), new String[] {"TLSv1.3", "TLSv1.2"}, null);
  }

  private Result handshake(Endpoint e, Recorder recorder, String[] protocols, String[] suites) {
    SSLContext ctx;
    AskedForCertificate keys = new AskedForCertificate();
    try {
      ctx = SSLContext.getInstance("TLS");
      ctx.init(new KeyManager[] {keys}, new TrustManager[] {recorder}, new SecureRandom());
    } catch (GeneralSecurityException ex) {
      return Result.LOCAL_UNSUPPORTED;
    }
    int timeout = (int) context.settings().timeout().toMillis();
    context.rate().acquire();
    context
        .log()
        .sent(
            e.key(),
            "TLS ClientHello "
                + String.join(",", protocols)
                + (suites == null ? "" : " " + String.join(",", suites)));
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(e.address(), e.port()), timeout);
      plain.setSoTimeout(timeout);
      try (SSLSocket s =
          (SSLSocket)
              ctx.getSocketFactory()
                  .createSocket(plain, e.address().getHostAddress(), e.port(), true)) {
        s.setEnabledProtocols(protocols);
        if (suites != null) {
          s.setEnabledCipherSuites(suites);
        }
        s.startHandshake();
        // TLS 1.3 servers report a missing client certificate after the handshake: read once.
        s.setSoTimeout(Math.min(timeout, 300));
        try {
          s.getInputStream().read();
        } catch (java.net.SocketTimeoutException quiet) {
          // still open: fine
        } catch (IOException late) {
          if (keys.asked || isCertificateDemand(late)) {
            return Result.NEEDS_CLIENT_CERTIFICATE;
          }
        }
        return Result.OK;
      }
    } catch (SSLException ex) {
      String m = String.valueOf(ex.getMessage());
      if (m.contains("No appropriate protocol") || m.contains("protocol is disabled")) {
        return Result.LOCAL_UNSUPPORTED;
      }
      return keys.asked || isCertificateDemand(ex)
          ? Result.NEEDS_CLIENT_CERTIFICATE
          : Result.REFUSED;
    } catch (IOException ex) {
      return keys.asked ? Result.NEEDS_CLIENT_CERTIFICATE : Result.UNREACHABLE;
    } catch (IllegalArgumentException ex) {
      return Result.LOCAL_UNSUPPORTED;
    }
  }

  private static boolean isCertificateDemand(IOException ex) {
    String m = String.valueOf(ex.getMessage());
    return m.contains("bad_certificate") || m.contains("certificate_required");
  }

  /** Probes one endpoint known (or suspected) to speak TLS; null when no handshake completes. */
  public TlsObservation probe(Endpoint e) {
    Recorder recorder = new Recorder();
    List<String> protocols = new ArrayList<>();
    List<String> untested = new ArrayList<>();
    boolean clientCert = false;
    for (String v : VERSIONS) {
      Result r = handshake(e, recorder, new String[] {v}, null);
      switch (r) {
        case OK -> protocols.add(v);
        case NEEDS_CLIENT_CERTIFICATE -> {
          protocols.add(v);
          clientCert = true;
        }
        case LOCAL_UNSUPPORTED -> untested.add(v);
        default -> {}
      }
    }
    if (protocols.isEmpty()) {
      return null;
    }
    List<String> accepted = new ArrayList<>();
    List<String> weak = new ArrayList<>();
    if (!clientCert) {
      SSLContext def = ProbeTls.context("TLS");
      String[] suites = def.getDefaultSSLParameters().getCipherSuites();
      for (String suite : suites) {
        if (suite.contains("SCSV")) {
          continue;
        }
        boolean v13 = suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
        String version = v13 ? "TLSv1.3" : "TLSv1.2";
        if (!protocols.contains(version)) {
          continue;
        }
        if (handshake(e, new Recorder(), new String[] {version}, new String[] {suite})
            == Result.OK) {
          accepted.add(suite);
          if (!recommended(suite)) {
            weak.add(suite);
          }
        }
      }
    }
    X509Certificate[] chain = recorder.chain;
    if (chain == null || chain.length == 0) {
      return new TlsObservation(
          protocols, untested, accepted, weak, "?", "?", "?", false, false, false, "?", clientCert);
    }
    X509Certificate leaf = chain[0];
    boolean expired;
    try {
      leaf.checkValidity();
      expired = false;
    } catch (GeneralSecurityException ex) {
      expired = true;
    }
    boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
    return new TlsObservation(
        protocols,
        untested,
        accepted,
        weak,
        leaf.getSubjectX500Principal().getName(),
        leaf.getIssuerX500Principal().getName(),
        leaf.getNotAfter().toInstant().toString(),
        expired,
        trusted(chain, context.settings().trusted()),
        selfSigned,
        describe(leaf.getPublicKey()),
        clientCert);
  }

  static String describe(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return "RSA " + rsa.getModulus().bitLength();
    }
    if (key instanceof ECPublicKey ec) {
      return "EC " + ec.getParams().getOrder().bitLength();
    }
    return key.getAlgorithm();
  }

  /** Whether the chain validates (PKIX, RFC 5280) to the JDK's authorities or the given ones. */
  static boolean trusted(X509Certificate[] chain, List<X509Certificate> extra) {
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            anchors.add(new TrustAnchor(c, null));
          }
        }
      }
      for (X509Certificate c : extra) {
        anchors.add(new TrustAnchor(c, null));
      }
      List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
      // a chain that carries its root: the root is the anchor, not part of the path
      while (path.size() > 1) {
        X509Certificate last = path.get(path.size() - 1);
        if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
          path.remove(path.size() - 1);
        } else {
          break;
        }
      }
      CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(cp, params);
      return true;
    } catch (GeneralSecurityException | RuntimeException ex) {
      return false;
    }
  }
}
