package ward.net.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for DICOM connections, as PS3.15 Annex B's BCP 195 profiles ask (see {@link Bcp195}): one
 * node's key and certificate chain, the CAs it trusts, and whether it asks clients for
 * certificates, turned into sockets with the right parameters already applied.
 *
 * <p>Server side: {@link #serverSocket}, {@link #serverSocketFactory} or {@link #wrapAccepted} give
 * sockets that allow TLS 1.2 and 1.3 with AEAD suites only, prefer the server's suite order, and
 * ask for client certificates as {@link ClientAuth} says.
 *
 * <p>Client side: {@link #connect} and {@link #socketFactory} check the server's identity the way
 * HTTPS does ({@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}, RFC 2818 3.1 / RFC
 * 6125): the host name or IP address the caller connected to must appear in the certificate's
 * subject alternative names (a dNSName, where a leading {@code *.} wildcard matches one label, or
 * an iPAddress for an address literal; the subject CN is consulted only when the certificate has no
 * dNSName at all), and the chain must end at one of the configured CAs. The JDK's default trust
 * store ({@code cacerts}) and the {@code javax.net.ssl.*} system properties are never used.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TlsProfile {

  private final SSLContext context;
  private final ClientAuth clientAuth;
  private final List<String> protocols;
  private final List<String> cipherSuites;
  private final boolean hasKey;
  private final boolean hasTrust;

  private TlsProfile(
      SSLContext context,
      ClientAuth clientAuth,
      List<String> protocols,
      List<String> cipherSuites,
      boolean hasKey,
      boolean hasTrust) {
    this.context = context;
    this.clientAuth = clientAuth;
    this.protocols = protocols;
    this.cipherSuites = cipherSuites;
    this.hasKey = hasKey;
    this.hasTrust = hasTrust;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The SSL context, for callers that need one directly (the parameters are not applied). */
  public SSLContext context() {
    return context;
  }

  public ClientAuth clientAuth() {
    return clientAuth;
  }

  /** The enabled protocol versions, preferred first. */
  public List<String> protocols() {
    return protocols;
  }

  /** The enabled cipher suites, the server's preference first. */
  public List<String> cipherSuites() {
    return cipherSuites;
  }

  /** Parameters for the server side: protocols, suites in server order, client certificates. */
  public SSLParameters serverParameters() {
    SSLParameters p =
        new SSLParameters(cipherSuites.toArray(new String[0]), protocols.toArray(new String[0]));
    p.setUseCipherSuitesOrder(true);
    switch (clientAuth) {
      case REQUIRED -> p.setNeedClientAuth(true);
      case OPTIONAL -> p.setWantClientAuth(true);
      case NONE -> p.setNeedClientAuth(false);
    }
    return p;
  }

  /** Parameters for the client side: protocols, suites, and the HTTPS server identity check. */
  public SSLParameters clientParameters() {
    SSLParameters p =
        new SSLParameters(cipherSuites.toArray(new String[0]), protocols.toArray(new String[0]));
    p.setEndpointIdentificationAlgorithm("HTTPS");
    return p;
  }

  // ------------------------------------------------------------------ server side

  /** A listening TLS server socket bound to {@code address} (port 0: any free port). */
  public ServerSocket serverSocket(InetSocketAddress address, int backlog) throws IOException {
    requireServerKey();
    SSLServerSocket s = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    s.setSSLParameters(serverParameters());
    s.bind(address, backlog);
    return s;
  }

  /** A server socket factory whose sockets carry this profile's parameters. */
  public SSLServerSocketFactory serverSocketFactory() {
    requireServerKey();
    return new ProfiledServerSocketFactory(context.getServerSocketFactory(), serverParameters());
  }

  /**
   * Layers TLS, server side, over a connection accepted in plain TCP. The handshake runs on first
   * use (or {@link SSLSocket#startHandshake}), so a caller can run it under a timeout; closing the
   * returned socket closes {@code accepted}.
   */
  public SSLSocket wrapAccepted(Socket accepted) throws IOException {
    requireServerKey();
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true);
    s.setUseClientMode(false);
    s.setSSLParameters(serverParameters());
    return s;
  }

  private void requireServerKey() {
    if (!hasKey) {
      throw new IllegalStateException("a TLS server needs a key and certificate chain");
    }
  }

  // ------------------------------------------------------------------ client side

  /**
   * Connects to {@code host}, completes the handshake and checks the server's identity against
   * {@code host} (a DNS name or an IP address literal), all within {@code timeoutMillis}. The
   * socket is returned with {@code timeoutMillis} as its read timeout.
   *
   * @throws javax.net.ssl.SSLHandshakeException when the server's certificate is not from a trusted
   *     CA, does not name {@code host}, or the server offers no acceptable protocol or suite
   */
  public SSLSocket connect(String host, int port, int timeoutMillis) throws IOException {
    requireTrust();
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), timeoutMillis);
      plain.setSoTimeout(timeoutMillis);
      SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
      s.setUseClientMode(true);
      s.setSSLParameters(clientParameters());
      s.startHandshake();
      return s;
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /**
   * A client socket factory whose sockets carry this profile's parameters. The server identity is
   * checked against the host name passed to {@code createSocket}; for unconnected sockets ({@code
   * createSocket()} then {@code connect}), against the host name or address literal the {@link
   * InetSocketAddress} was created with.
   */
  public SSLSocketFactory socketFactory() {
    requireTrust();
    return new ProfiledSocketFactory(context.getSocketFactory(), clientParameters());
  }

  private void requireTrust() {
    if (!hasTrust) {
      throw new IllegalStateException("a TLS client needs the CA certificates it trusts");
    }
  }

  // ------------------------------------------------------------------ peers

  /**
   * The certificate a TLS peer authenticated with, or empty when the socket is not TLS, the
   * handshake has not completed, or the peer sent no certificate.
   */
  public static Optional<X509Certificate> peerCertificate(Socket socket) {
    if (socket instanceof SSLSocket ssl) {
      try {
        Certificate[] chain = ssl.getSession().getPeerCertificates();
        if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
          return Optional.of(x);
        }
      } catch (SSLPeerUnverifiedException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ building

  /** Collects key material, trust anchors and client authentication, then builds the context. */
  public static final class Builder {
    private KeyStore keyStore;
    private char[] keyStorePassword;
    private final List<X509Certificate> trusted = new ArrayList<>();
    private KeyStore trustStore;
    private ClientAuth clientAuth = ClientAuth.NONE;

    private Builder() {}

    /** This node's private key and certificate chain (end entity first) from PEM files. */
    public Builder keyAndChain(Path privateKeyPem, Path chainPem)
        throws IOException, GeneralSecurityException {
      return keyAndChain(Pem.readPrivateKey(privateKeyPem), Pem.readCertificates(chainPem));
    }

    /**
     * This node's private key and certificate chain (end entity first).
     *
     * @throws GeneralSecurityException when the key does not belong to the first certificate
     */
    public Builder keyAndChain(PrivateKey key, List<X509Certificate> chain)
        throws GeneralSecurityException {
      if (chain.isEmpty()) {
        throw new KeyStoreException("the certificate chain is empty");
      }
      checkKeyMatches(key, chain.get(0));
      char[] password = randomPassword();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try {
        ks.load(null, null);
      } catch (IOException e) {
        throw new KeyStoreException(e);
      }
      ks.setKeyEntry("ward", key, password, chain.toArray(new X509Certificate[0]));
      this.keyStore = ks;
      this.keyStorePassword = password;
      return this;
    }

    /** This node's key material from a key store (every key entry must use {@code password}). */
    public Builder keyStore(KeyStore store, char[] password) {
      this.keyStore = Objects.requireNonNull(store);
      this.keyStorePassword = password.clone();
      return this;
    }

    /** Adds the CA certificates of a PEM file to the trust anchors. */
    public Builder trustedCertificates(Path caPem) throws IOException, GeneralSecurityException {
      return trustedCertificates(Pem.readCertificates(caPem));
    }

    /** Adds CA certificates to the trust anchors. */
    public Builder trustedCertificates(Collection<X509Certificate> cas) {
      trusted.addAll(cas);
      return this;
    }

    /** Adds the certificate entries of a key store to the trust anchors. */
    public Builder trustStore(KeyStore store) {
      this.trustStore = Objects.requireNonNull(store);
      return this;
    }

    public Builder clientAuth(ClientAuth auth) {
      this.clientAuth = Objects.requireNonNull(auth);
      return this;
    }

    /**
     * Builds the profile.
     *
     * @throws GeneralSecurityException when a server that asks for client certificates has no CA to
     *     check them against, or the JDK supports none of the {@link Bcp195} suites
     */
    public TlsProfile build() throws GeneralSecurityException {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      try {
        anchors.load(null, null);
      } catch (IOException e) {
        throw new KeyStoreException(e);
      }
      int n = 0;
      for (X509Certificate ca : trusted) {
        anchors.setCertificateEntry("ca-" + n++, ca);
      }
      if (trustStore != null) {
        for (Enumeration<String> e = trustStore.aliases(); e.hasMoreElements(); ) {
          String alias = e.nextElement();
          if (trustStore.isCertificateEntry(alias)) {
            anchors.setCertificateEntry("store-" + n++, trustStore.getCertificate(alias));
          }
        }
      }
      boolean hasTrust = n > 0;
      if (!hasTrust && clientAuth != ClientAuth.NONE) {
        throw new KeyStoreException(
            "client certificates are requested (" + clientAuth + ") but no CA is trusted");
      }

      KeyManager[] keyManagers = new KeyManager[0];
      if (keyStore != null) {
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, keyStorePassword);
        keyManagers = kmf.getKeyManagers();
      }
      TrustManager[] trustManagers;
      if (hasTrust) {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(anchors);
        trustManagers = tmf.getTrustManagers();
      } else {
        // Never null: SSLContext.init(…, null, …) would fall back to the JDK's cacerts.
        trustManagers = new TrustManager[] {new TrustNothing()};
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, new SecureRandom());

      Set<String> supported =
          new HashSet<>(Arrays.asList(context.getSupportedSSLParameters().getCipherSuites()));
      List<String> suites = Bcp195.CIPHER_SUITES.stream().filter(supported::contains).toList();
      Set<String> supportedProtocols =
          new HashSet<>(Arrays.asList(context.getSupportedSSLParameters().getProtocols()));
      List<String> protocols =
          Bcp195.PROTOCOLS.stream().filter(supportedProtocols::contains).toList();
      if (suites.isEmpty() || protocols.isEmpty()) {
        throw new java.security.NoSuchAlgorithmException(
            "this JDK supports none of the BCP 195 protocols or cipher suites");
      }
      return new TlsProfile(context, clientAuth, protocols, suites, keyStore != null, hasTrust);
    }

    private static char[] randomPassword() {
      byte[] r = new byte[24];
      new SecureRandom().nextBytes(r);
      return java.util.Base64.getEncoder()
          .encodeToString(r)
          .toCharArray(); // only guards an in-memory key store
    }

    /** Signs and verifies a nonce, so a key that does not match its certificate fails here. */
    private static void checkKeyMatches(PrivateKey key, X509Certificate cert)
        throws GeneralSecurityException {
      String algorithm =
          switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "RSASSA-PSS" -> null;
            default ->
                throw new java.security.InvalidKeyException(
                    "unsupported key algorithm " + key.getAlgorithm());
          };
      if (algorithm == null) {
        return; // PSS keys carry their own parameters; the handshake checks them
      }
      byte[] nonce = "ward key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(nonce);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      try {
        verifier.initVerify(cert.getPublicKey());
        verifier.update(nonce);
        if (verifier.verify(sig)) {
          return;
        }
      } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
        // a key of another type: falls through to the error below
      }
      throw new java.security.InvalidKeyException(
          "the private key does not belong to the certificate "
              + cert.getSubjectX500Principal().getName());
    }
  }
}
