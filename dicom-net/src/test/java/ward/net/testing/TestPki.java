package ward.net.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away public key infrastructure for TLS tests, made with the {@code openssl} command line
 * (the same OpenSSL dcmtk links): a trusted CA, a rogue CA, and end-entity keys and certificates
 * signed by them, as PEM files (keys in unencrypted PKCS#8, as Ward reads them).
 *
 * <p>Certificates are valid for two days and exist only under the directory given to {@link
 * #create}.
 */
public final class TestPki {

  /** The key type of every key made by one PKI. */
  public enum KeyType {
    EC("ec", "ec_paramgen_curve:P-256"),
    RSA("rsa", "rsa_keygen_bits:2048");

    final String algorithm;
    final String option;

    KeyType(String algorithm, String option) {
      this.algorithm = algorithm;
      this.option = option;
    }
  }

  /** A key and its certificate chain (end entity, then the CA). */
  public record Identity(Path key, Path certificate, Path chain) {}

  private final Path dir;
  private final KeyType type;
  private final Path caKey;
  private final Path caCert;
  private final Path rogueKey;
  private final Path rogueCert;
  private int serial = 1;

  private TestPki(Path dir, KeyType type) throws IOException {
    this.dir = dir;
    this.type = type;
    this.caKey = dir.resolve("ca.key");
    this.caCert = dir.resolve("ca.pem");
    this.rogueKey = dir.resolve("rogue-ca.key");
    this.rogueCert = dir.resolve("rogue-ca.pem");
    selfSignedCa(caKey, caCert, "Ward Test CA");
    selfSignedCa(rogueKey, rogueCert, "Rogue Test CA");
  }

  /** Makes the trusted and the rogue CA under {@code dir}. */
  public static TestPki create(Path dir, KeyType type) {
    try {
      Files.createDirectories(dir);
      return new TestPki(dir, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The trusted CA's certificate. */
  public Path caCertificate() {
    return caCert;
  }

  /** A CA nobody trusts. */
  public Path rogueCaCertificate() {
    return rogueCert;
  }

  /** A server certificate from the trusted CA for 127.0.0.1 and localhost. */
  public Identity server(String name) {
    return issue(name, List.of("IP:127.0.0.1", "DNS:localhost"), "serverAuth,clientAuth", false);
  }

  /** A client certificate from the trusted CA. */
  public Identity client(String name) {
    return issue(name, List.of("DNS:" + name + ".test"), "clientAuth", false);
  }

  /** A certificate from the trusted CA naming only {@code sans} (e.g. "DNS:other.example"). */
  public Identity withNames(String name, List<String> sans) {
    return issue(name, sans, "serverAuth,clientAuth", false);
  }

  /** A server certificate for 127.0.0.1 and localhost signed by the rogue CA. */
  public Identity rogueServer(String name) {
    return issue(name, List.of("IP:127.0.0.1", "DNS:localhost"), "serverAuth,clientAuth", true);
  }

  private Identity issue(String name, List<String> sans, String eku, boolean rogue) {
    try {
      Path key = dir.resolve(name + ".key");
      Path csr = dir.resolve(name + ".csr");
      Path cert = dir.resolve(name + ".pem");
      Path chain = dir.resolve(name + "-chain.pem");
      Path ext = dir.resolve(name + ".ext");
      Files.writeString(
          ext,
          "basicConstraints=critical,CA:FALSE\n"
              + "keyUsage=critical,digitalSignature"
              + (type == KeyType.RSA ? ",keyEncipherment" : "")
              + "\n"
              + "extendedKeyUsage="
              + eku
              + "\n"
              + (sans.isEmpty() ? "" : "subjectAltName=" + String.join(",", sans) + "\n"),
          StandardCharsets.US_ASCII);
      openssl(
          "req",
          "-new",
          "-newkey",
          type.algorithm,
          "-pkeyopt",
          type.option,
          "-nodes",
          "-keyout",
          key.toString(),
          "-out",
          csr.toString(),
          "-subj",
          "/CN=" + name);
      openssl(
          "x509",
          "-req",
          "-in",
          csr.toString(),
          "-CA",
          (rogue ? rogueCert : caCert).toString(),
          "-CAkey",
          (rogue ? rogueKey : caKey).toString(),
          "-set_serial",
          String.valueOf(serial++),
          "-days",
          "2",
          "-sha256",
          "-extfile",
          ext.toString(),
          "-out",
          cert.toString());
      Files.writeString(
          chain,
          Files.readString(cert, StandardCharsets.US_ASCII)
              + Files.readString(rogue ? rogueCert : caCert, StandardCharsets.US_ASCII),
          StandardCharsets.US_ASCII);
      return new Identity(key, cert, chain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void selfSignedCa(Path key, Path cert, String cn) throws IOException {
    openssl(
        "req",
        "-x509",
        "-newkey",
        type.algorithm,
        "-pkeyopt",
        type.option,
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        cert.toString(),
        "-days",
        "2",
        "-sha256",
        "-subj",
        "/CN=" + cn,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
  }

  /** Runs {@code openssl} and fails with its output when it fails. */
  public static String openssl(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }
}
