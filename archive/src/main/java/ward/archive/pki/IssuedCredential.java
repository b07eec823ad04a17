package ward.archive.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import ward.archive.auth.ApplicationEntity;

/**
 * A private key and its certificate chain (end entity first, then the CA), as issued by {@link
 * CertificateAuthority}: what {@code TlsProfile.Builder.keyAndChain} takes.
 */
public record IssuedCredential(PrivateKey key, List<X509Certificate> chain) {
  public IssuedCredential {
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a credential has at least its own certificate");
    }
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The SHA-256 fingerprint of the certificate, as an entity is registered with. */
  public String fingerprint() {
    return ApplicationEntity.fingerprint(certificate());
  }

  /**
   * Writes the key (PKCS#8 PEM, mode 0600) and the chain (PEM, end entity first) to two files, for
   * a modality or for dcmtk's {@code +tls KEY CERT}.
   */
  public void writeTo(Path keyFile, Path chainFile) throws IOException {
    PemFiles.writeKey(keyFile, key);
    PemFiles.writeCertificates(chainFile, chain);
  }

  @Override
  public String toString() {
    return "IssuedCredential[" + certificate().getSubjectX500Principal() + ", key hidden]";
  }
}
