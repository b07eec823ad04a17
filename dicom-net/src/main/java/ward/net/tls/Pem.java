package ward.net.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads PEM files (RFC 7468) with the JDK alone: X.509 certificates, and unencrypted PKCS#8 private
 * keys (RSA, EC or EdDSA). Encrypted keys and the legacy OpenSSL key formats are refused with a
 * message that says how to convert them; nothing is decrypted here.
 */
public final class Pem {
  private Pem() {}

  /** PEM files are configuration: a few kilobytes, a CA bundle at most a few hundred. */
  private static final long MAX_FILE_BYTES = 4L << 20;

  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "RSASSA-PSS"};

  /** One labelled block of a PEM file (package-private, never shared). */
  @SuppressWarnings("ArrayRecordComponent")
  record Block(String label, byte[] der) {}

  /**
   * The certificates of a PEM file, in file order (for a chain: the end entity first). Blocks other
   * than {@code CERTIFICATE} (a key in the same file, for example) are skipped.
   *
   * @throws GeneralSecurityException when the file holds no certificate or a malformed one
   */
  public static List<X509Certificate> readCertificates(Path file)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> certificates = new ArrayList<>();
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    for (Block b : blocks(read(file), file)) {
      if (b.label().equals("CERTIFICATE")) {
        try (InputStream in = new ByteArrayInputStream(b.der())) {
          certificates.add((X509Certificate) factory.generateCertificate(in));
        } catch (CertificateException e) {
          throw new CertificateException(
              file + ": certificate " + (certificates.size() + 1) + " is malformed", e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new CertificateException(file + " holds no PEM certificate");
    }
    return List.copyOf(certificates);
  }

  /**
   * The one private key of a PEM file ({@code BEGIN PRIVATE KEY}, PKCS#8, unencrypted).
   *
   * @throws GeneralSecurityException when the file holds no key, several, an encrypted one or one
   *     in a legacy format
   */
  public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    PrivateKey key = null;
    for (Block b : blocks(read(file), file)) {
      switch (b.label()) {
        case "PRIVATE KEY" -> {
          if (key != null) {
            throw new InvalidKeySpecException(file + " holds more than one private key");
          }
          key = pkcs8(b.der(), file);
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new InvalidKeySpecException(
                file
                    + " holds an encrypted private key; Ward reads unencrypted PKCS#8 keys protected"
                    + " by file permissions (openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY" ->
            throw new InvalidKeySpecException(
                file
                    + " holds a key in the legacy "
                    + b.label()
                    + " format; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in KEY"
                    + " -out KEY.pk8");
        default -> {
          // certificates or parameters in the same file
        }
      }
    }
    if (key == null) {
      throw new InvalidKeySpecException(file + " holds no PEM private key");
    }
    return key;
  }

  private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // try the next algorithm
      }
    }
    throw new InvalidKeySpecException(
        file + ": the private key is not an RSA, EC or EdDSA PKCS#8 key");
  }

  private static String read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new IOException(file + " is " + size + " bytes, too large for a PEM file");
    }
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
  }

  /**
   * The blocks of a PEM text; text outside blocks (comments, openssl's "Bag Attributes") is
   * skipped.
   */
  static List<Block> blocks(String text, Path file) throws GeneralSecurityException {
    List<Block> blocks = new ArrayList<>();
    int at = 0;
    while (true) {
      int begin = text.indexOf("-----BEGIN ", at);
      if (begin < 0) {
        return blocks;
      }
      int labelEnd = text.indexOf("-----", begin + 11);
      if (labelEnd < 0) {
        throw new InvalidKeySpecException(file + ": unterminated PEM header");
      }
      String label = text.substring(begin + 11, labelEnd);
      String footer = "-----END " + label + "-----";
      int end = text.indexOf(footer, labelEnd + 5);
      if (end < 0) {
        throw new InvalidKeySpecException(file + ": no " + footer);
      }
      String body = text.substring(labelEnd + 5, end);
      StringBuilder b64 = new StringBuilder(body.length());
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c != '\r' && c != '\n' && c != ' ' && c != '\t') {
          b64.append(c);
        }
      }
      try {
        blocks.add(new Block(label, Base64.getDecoder().decode(b64.toString())));
      } catch (IllegalArgumentException e) {
        throw new InvalidKeySpecException(
            file + ": the " + label + " block is not valid Base64", e);
      }
      at = end + footer.length();
    }
  }
}
