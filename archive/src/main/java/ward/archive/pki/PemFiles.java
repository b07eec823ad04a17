package ward.archive.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import ward.archive.keys.PrivateFiles;

/**
 * Writes keys and certificates as PEM (RFC 7468), in the forms {@link ward.net.tls.Pem} and OpenSSL
 * read: unencrypted PKCS#8 keys ({@code BEGIN PRIVATE KEY}) and X.509 certificates. A file appears
 * whole or not at all (written beside, synced, then renamed), and a key file is created with mode
 * 0600 from the start, so it is never readable by others, not even for a moment.
 */
final class PemFiles {
  private PemFiles() {}

  private static final Base64.Encoder BODY =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  static boolean posix() {
    return PrivateFiles.posix();
  }

  /** Creates {@code dir} if needed and makes it accessible to its owner only. */
  static void privateDirectory(Path dir) throws IOException {
    PrivateFiles.privateDirectory(dir);
  }

  static void writeKey(Path file, PrivateKey key) throws IOException {
    write(file, block("PRIVATE KEY", key.getEncoded()), PrivateFiles.OWNER_ONLY);
  }

  static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
    StringBuilder text = new StringBuilder();
    for (X509Certificate c : certificates) {
      try {
        text.append(block("CERTIFICATE", c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IOException("cannot encode certificate " + c.getSubjectX500Principal(), e);
      }
    }
    write(file, text.toString(), PrivateFiles.PUBLIC);
  }

  static String block(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + BODY.encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /** Whether group or others may read or write {@code file} (always false off POSIX). */
  static boolean exposed(Path file) throws IOException {
    return PrivateFiles.exposed(file);
  }

  private static void write(Path file, String text, Set<PosixFilePermission> mode)
      throws IOException {
    PrivateFiles.write(file, text.getBytes(StandardCharsets.US_ASCII), mode);
  }
}
