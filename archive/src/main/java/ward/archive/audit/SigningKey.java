package ward.archive.audit;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The audit signing key: an ECDSA P-256 key pair made at first start, kept in the data directory
 * (the private key as PKCS#8 PEM, mode 0600 from the moment it is created; the public key beside
 * it). Checkpoints of the audit chain are signed with it. Give the public key's fingerprint to
 * whoever checks the trail, so a replaced key is noticed.
 */
public final class SigningKey {
  static final String PRIVATE_FILE = "audit-signing-key.pem";
  static final String PUBLIC_FILE = "audit-signing-key.pub.pem";
  private static final String ALGORITHM = "SHA256withECDSA";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String fingerprint;

  private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.fingerprint = sha256(publicKey.getEncoded());
  }

  /** The key in {@code dir}, made there first if there is none. */
  public static SigningKey loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
    Path priv = dir.resolve(PRIVATE_FILE);
    Path pub = dir.resolve(PUBLIC_FILE);
    if (!Files.exists(priv)) {
      Files.createDirectories(dir);
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = g.generateKeyPair();
      write(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()), false);
      write(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
    }
    if (posix() && !Files.getPosixFilePermissions(priv).equals(OWNER_ONLY)) {
      throw new IOException(priv + " must be readable by its owner only (mode 0600)");
    }
    KeyFactory ec = KeyFactory.getInstance("EC");
    PrivateKey privateKey = ec.generatePrivate(new PKCS8EncodedKeySpec(der(priv)));
    PublicKey publicKey = ec.generatePublic(new X509EncodedKeySpec(der(pub)));
    SigningKey key = new SigningKey(privateKey, publicKey);
    byte[] probe = "ward audit key check".getBytes(StandardCharsets.US_ASCII);
    if (!key.verify(probe, key.sign(probe))) {
      throw new GeneralSecurityException(pub + " is not the public key of " + priv);
    }
    return key;
  }

  /** Lower-case hex SHA-256 of the public key (X.509 SubjectPublicKeyInfo). */
  public String fingerprint() {
    return fingerprint;
  }

  /** A base64 DER signature of {@code data}. */
  String sign(byte[] data) throws GeneralSecurityException {
    Signature s = Signature.getInstance(ALGORITHM);
    s.initSign(privateKey);
    s.update(data);
    return Base64.getEncoder().encodeToString(s.sign());
  }

  /** Whether {@code signature} (base64 DER) signs {@code data}; false for a malformed one. */
  boolean verify(byte[] data, String signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(publicKey);
      s.update(data);
      return s.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static byte[] der(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN ");
    int bodyStart = text.indexOf('\n', begin) + 1;
    int end = text.indexOf("-----END ");
    if (begin < 0 || bodyStart <= 0 || end < bodyStart) {
      throw new IOException(file + " is not a PEM file");
    }
    return Base64.getMimeDecoder().decode(text.substring(bodyStart, end));
  }

  /** Writes beside, then renames; a private file is 0600 from its creation. */
  private static void write(Path file, String text, boolean secret) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try (SeekableByteChannel ch =
        secret && posix()
            ? Files.newByteChannel(
                tmp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : Files.newByteChannel(
                tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
      ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
