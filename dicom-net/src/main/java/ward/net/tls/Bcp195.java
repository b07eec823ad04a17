package ward.net.tls;

import java.util.List;

/**
 * The protocol versions and cipher suites Ward allows: the BCP 195 profiles of PS3.15 B.9 to B.11
 * (RFC 9325), narrowed to forward-secret AEAD suites.
 *
 * <p>TLS 1.2 is the minimum and TLS 1.3 is preferred (the JDK negotiates the highest version both
 * sides enable). Only authenticated-encryption suites are enabled: AES-GCM and ChaCha20-Poly1305,
 * with ECDHE key exchange under TLS 1.2. CBC suites, RSA key transport, finite-field DHE, SHA-1
 * MACs, export, anonymous and null suites are never enabled, so a peer that offers only those fails
 * the handshake.
 */
public final class Bcp195 {
  private Bcp195() {}

  /** Protocol versions, preferred first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** Cipher suites in the server's order of preference (IANA names, as the JDK spells them). */
  public static final List<String> CIPHER_SUITES =
      List.of(
          // TLS 1.3 (RFC 8446 B.4)
          "TLS_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_CHACHA20_POLY1305_SHA256",
          // TLS 1.2, ECDHE with an AEAD cipher (RFC 9325 4.2, PS3.15 B.9)
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
}
