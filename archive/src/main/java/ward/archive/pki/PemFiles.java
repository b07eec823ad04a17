package ward.archive.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Writes keys and certificates as PEM (RFC 7468), in the forms {@link ward.net.tls.Pem} and OpenSSL
 * read: unencrypted PKCS#8 keys ({@code BEGIN PRIVATE KEY}) and X.509 certificates. A file appears
 * whole or not at all (written beside, synced, then renamed), and a key file is created with mode
 * 0600 from the start, so it is never readable by others, not even for a moment.
 */
final class PemFiles {
  private PemFiles() {}

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
  static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private static final Base64.Encoder BODY =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code dir} if needed and makes it accessible to its owner only. */
  static void privateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix()) {
      Files.setPosixFilePermissions(dir, PRIVATE_DIRECTORY);
    }
  }

  static void writeKey(Path file, PrivateKey key) throws IOException {
    write(file, block("PRIVATE KEY", key.getEncoded()), OWNER_ONLY);
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
    write(file, text.toString(), PUBLIC);
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
    if (!posix()) {
      return false;
    }
    for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
      if (!p.name().startsWith("OWNER_")) {
        return true;
      }
    }
    return false;
  }

  private static void write(Path file, String text, Set<PosixFilePermission> mode)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    FileAttribute<?>[] attributes =
        posix()
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes);
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ch.force(true);
      }
      if (posix()) {
        Files.setPosixFilePermissions(temp, mode); // createTempFile's mode is subject to umask
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
