package ward.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.net.testing.TestPki;

/** Building TLS profiles from PEM files and key stores, and the parameters they apply. */
class TlsProfileTest {

  @TempDir static Path dir;
  static TestPki pki;
  static TestPki.Identity server;
  static TestPki.Identity client;

  @BeforeAll
  static void pki() {
    pki = TestPki.create(dir.resolve("pki"), TestPki.KeyType.RSA);
    server = pki.server("server");
    client = pki.client("client");
  }

  static TlsProfile serverProfile(ClientAuth auth) throws Exception {
    return TlsProfile.builder()
        .keyAndChain(server.key(), server.chain())
        .trustedCertificates(pki.caCertificate())
        .clientAuth(auth)
        .build();
  }

  static TlsProfile clientProfile() throws Exception {
    return TlsProfile.builder()
        .keyAndChain(client.key(), client.chain())
        .trustedCertificates(pki.caCertificate())
        .build();
  }

  @Test
  void enablesOnlyTls12And13WithAeadSuites() throws Exception {
    TlsProfile p = serverProfile(ClientAuth.REQUIRED);
    assertThat(p.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(p.cipherSuites()).isNotEmpty().isSubsetOf(Bcp195.CIPHER_SUITES);
    assertThat(p.cipherSuites())
        .allSatisfy(s -> assertThat(s).containsAnyOf("_GCM_", "CHACHA20_POLY1305"))
        .noneSatisfy(s -> assertThat(s).containsAnyOf("CBC", "TLS_RSA_", "_DHE_", "NULL", "SHA_"));
    assertThat(p.serverParameters().getUseCipherSuitesOrder()).isTrue();
    assertThat(p.serverParameters().getNeedClientAuth()).isTrue();
    assertThat(p.clientParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
  }

  @Test
  void serverSocketsCarryTheParameters() throws Exception {
    TlsProfile p = serverProfile(ClientAuth.OPTIONAL);
    try (SSLServerSocket s =
        (SSLServerSocket)
            p.serverSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
      assertThat(s.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
      assertThat(s.getEnabledCipherSuites()).containsExactlyElementsOf(p.cipherSuites());
      assertThat(s.getWantClientAuth()).isTrue();
      assertThat(s.getNeedClientAuth()).isFalse();
    }
    try (SSLServerSocket s =
        (SSLServerSocket)
            serverProfile(ClientAuth.REQUIRED)
                .serverSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
      assertThat(s.getNeedClientAuth()).isTrue();
    }
  }

  /** TLS 1.2 still works, with the server's preferred (AES-256) ECDHE GCM suite. */
  @Test
  void tls12ClientGetsServerPreferredEcdheGcmSuite() throws Exception {
    TlsProfile serverSide = serverProfile(ClientAuth.REQUIRED);
    TlsProfile clientSide = clientProfile();
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> served =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket s = serverSide.wrapAccepted(listener.accept())) {
                  s.startHandshake();
                  String peer =
                      TlsProfile.peerCertificate(s)
                          .orElseThrow()
                          .getSubjectX500Principal()
                          .getName();
                  s.getOutputStream().write(1);
                  s.getOutputStream().flush();
                  return peer;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket s =
          (SSLSocket)
              clientSide.socketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
        s.setEnabledProtocols(new String[] {"TLSv1.2"});
        s.setEnabledCipherSuites(
            new String[] {
              "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
            });
        s.startHandshake();
        assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(s.getSession().getCipherSuite())
            .isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertThat(s.getInputStream().read()).isEqualTo(1);
      }
      assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo("CN=client");
    }
  }

  @Test
  void clientCertificateIsOptionalOnlyWhenSaidSo() throws Exception {
    TlsProfile anonymousClient =
        TlsProfile.builder().trustedCertificates(pki.caCertificate()).build();
    for (ClientAuth auth : ClientAuth.values()) {
      TlsProfile serverSide = serverProfile(auth);
      try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        CompletableFuture<Boolean> served =
            CompletableFuture.supplyAsync(
                () -> {
                  try (SSLSocket s = serverSide.wrapAccepted(listener.accept())) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                    return true;
                  } catch (Exception e) {
                    return false;
                  }
                });
        boolean clientOk;
        try (SSLSocket s = anonymousClient.connect("localhost", listener.getLocalPort(), 10_000)) {
          // TLS 1.3: a refused client certificate surfaces on the client's first read
          clientOk = s.getInputStream().read() == 1;
        } catch (java.io.IOException e) {
          clientOk = false;
        }
        boolean serverOk = served.get(10, TimeUnit.SECONDS);
        assertThat(serverOk).as(auth.toString()).isEqualTo(auth != ClientAuth.REQUIRED);
        assertThat(clientOk).as(auth.toString()).isEqualTo(auth != ClientAuth.REQUIRED);
      }
    }
  }

  @Test
  void buildsFromKeyStores() throws Exception {
    Path p12 = dir.resolve("server.p12");
    TestPki.openssl(
        "pkcs12",
        "-export",
        "-inkey",
        server.key().toString(),
        "-in",
        server.chain().toString(),
        "-name",
        "server",
        "-passout",
        "pass:store-pw",
        "-out",
        p12.toString());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      keys.load(in, "store-pw".toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", Pem.readCertificates(pki.caCertificate()).get(0));
    TlsProfile fromStores =
        TlsProfile.builder()
            .keyStore(keys, "store-pw".toCharArray())
            .trustStore(trust)
            .clientAuth(ClientAuth.REQUIRED)
            .build();
    TlsProfile clientSide = clientProfile();
    try (ServerSocket listener =
        fromStores.serverSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                  s.getOutputStream().write(7);
                  s.getOutputStream().flush();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket s = clientSide.connect("127.0.0.1", listener.getLocalPort(), 10_000)) {
        assertThat(s.getInputStream().read()).isEqualTo(7);
      }
      served.get(10, TimeUnit.SECONDS);
    }
  }

  // ------------------------------------------------------------------ refusals at build time

  @Test
  void refusesEncryptedAndLegacyKeysWithAHint() throws Exception {
    Path encrypted = dir.resolve("encrypted.key");
    TestPki.openssl(
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-passout",
        "pass:secret",
        "-in",
        server.key().toString(),
        "-out",
        encrypted.toString());
    assertThatThrownBy(() -> Pem.readPrivateKey(encrypted))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("encrypted")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    Path legacy = dir.resolve("legacy.key");
    TestPki.openssl(
        "pkey", "-in", server.key().toString(), "-traditional", "-out", legacy.toString());
    assertThat(Files.readString(legacy)).contains("BEGIN RSA PRIVATE KEY");
    assertThatThrownBy(() -> Pem.readPrivateKey(legacy))
        .hasMessageContaining("legacy RSA PRIVATE KEY format");
  }

  @Test
  void readsEcAndRsaKeysAndSkipsOtherBlocks() throws Exception {
    TestPki ecPki = TestPki.create(dir.resolve("ec"), TestPki.KeyType.EC);
    TestPki.Identity ecId = ecPki.server("ec-server");
    assertThat(Pem.readPrivateKey(ecId.key()).getAlgorithm()).isEqualTo("EC");
    assertThat(Pem.readPrivateKey(server.key()).getAlgorithm()).isEqualTo("RSA");
    Path combined = dir.resolve("combined.pem");
    Files.writeString(
        combined,
        "Bag Attributes\n" + Files.readString(server.key()) + Files.readString(server.chain()));
    assertThat(Pem.readCertificates(combined)).hasSize(2);
    assertThat(Pem.readPrivateKey(combined).getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void refusesAKeyThatDoesNotMatchItsCertificate() {
    assertThatThrownBy(() -> TlsProfile.builder().keyAndChain(client.key(), server.chain()).build())
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("does not belong to the certificate CN=server");
  }

  @Test
  void refusesMalformedPem() throws Exception {
    Path none = dir.resolve("none.pem");
    Files.writeString(none, "nothing here\n");
    assertThatThrownBy(() -> Pem.readCertificates(none)).hasMessageContaining("no PEM certificate");
    assertThatThrownBy(() -> Pem.readPrivateKey(none)).hasMessageContaining("no PEM private key");
    Path bad = dir.resolve("bad.pem");
    Files.writeString(bad, "-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> Pem.readCertificates(bad)).hasMessageContaining("not valid Base64");
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(
        garbage,
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> Pem.readCertificates(garbage)).hasMessageContaining("malformed");
    Path open = dir.resolve("open.pem");
    Files.writeString(open, "-----BEGIN PRIVATE KEY-----\nAAAA\n");
    assertThatThrownBy(() -> Pem.readPrivateKey(open)).hasMessageContaining("no -----END");
  }

  @Test
  void refusesToAskForClientCertificatesWithoutATrustedCa() {
    assertThatThrownBy(
            () ->
                TlsProfile.builder()
                    .keyAndChain(server.key(), server.chain())
                    .clientAuth(ClientAuth.REQUIRED)
                    .build())
        .hasMessageContaining("no CA is trusted");
  }

  @Test
  void clientNeedsTrustedCasAndServerNeedsAKey() throws Exception {
    TlsProfile keyOnly = TlsProfile.builder().keyAndChain(server.key(), server.chain()).build();
    assertThatThrownBy(keyOnly::socketFactory).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keyOnly.connect("127.0.0.1", 1, 1000))
        .isInstanceOf(IllegalStateException.class);
    TlsProfile trustOnly = TlsProfile.builder().trustedCertificates(pki.caCertificate()).build();
    assertThatThrownBy(trustOnly::serverSocketFactory).isInstanceOf(IllegalStateException.class);
  }

  /** The JDK's cacerts are never consulted: a client with an unrelated CA trusts nobody else. */
  @Test
  void trustsOnlyTheGivenCas() throws Exception {
    TlsProfile serverSide = serverProfile(ClientAuth.NONE);
    TlsProfile otherTrust =
        TlsProfile.builder().trustedCertificates(pki.rogueCaCertificate()).build();
    try (ServerSocket listener =
        serverSide.serverSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                  s.startHandshake();
                } catch (Exception expected) {
                  // the client refuses
                }
              });
      assertThatThrownBy(() -> otherTrust.connect("127.0.0.1", listener.getLocalPort(), 10_000))
          .isInstanceOf(SSLHandshakeException.class);
      served.get(10, TimeUnit.SECONDS);
    }
  }
}
