package ward.archive.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.IPAddress;
import ward.net.tls.Pem;

/**
 * Ward's private certificate authority, so that TLS is on from the first start without anyone
 * buying or making certificates: an EC P-256 CA valid for ten years, a server certificate from it
 * (EC P-256, two years) for {@code localhost}, {@code 127.0.0.1}, {@code ::1}, the host's name and
 * any names given, and client certificates for registered modalities ({@link #issueClient}).
 *
 * <p>Files in the TLS directory (mode 0700): {@value #CA_CERTIFICATE} (the CA certificate, which
 * peers trust), {@value #CA_KEY}, {@value #SERVER_CHAIN} (server certificate then CA) and {@value
 * #SERVER_KEY}. Keys are unencrypted PKCS#8 PEM with mode 0600: their protection is the file
 * permission, as for any server key that must load unattended. {@link #initialize} creates what is
 * missing and reuses what exists; it renews the server certificate when it would expire within
 * {@link #RENEW_BEFORE}, lacks a name asked for, or was not issued by this CA.
 *
 * <p>A site with its own PKI does not use this class for the server: it points Ward at its own key
 * and chain, which {@code TlsProfile.Builder.keyAndChain(Path, Path)} loads. Loading ({@link
 * #load}) is separate from creating so that the CA can still issue client certificates.
 */
public final class CertificateAuthority {

  public static final String CA_CERTIFICATE = "ca.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String SERVER_CHAIN = "server.pem";
  public static final String SERVER_KEY = "server-key.pem";

  public static final Duration CA_VALIDITY = Duration.ofDays(3653);
  public static final Duration SERVER_VALIDITY = Duration.ofDays(731);
  public static final Duration CLIENT_VALIDITY = Duration.ofDays(731);
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** Backdating, so that a peer whose clock is a little behind accepts a new certificate. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

  private final Path dir;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private CertificateAuthority(Path dir, PrivateKey key, X509Certificate certificate, Clock clock) {
    this.dir = dir;
    this.key = key;
    this.certificate = certificate;
    this.clock = clock;
  }

  /**
   * Makes the TLS directory ready: creates the CA at first start, loads it later; issues the server
   * certificate when it is missing or due for renewal.
   *
   * @param extraNames DNS names or IP addresses the server is also reached by
   * @throws IOException when only one of a key and its certificate exists (nothing is overwritten)
   */
  public static CertificateAuthority initialize(
      Path dir, Collection<String> extraNames, Clock clock)
      throws IOException, GeneralSecurityException {
    PemFiles.privateDirectory(dir);
    Path caKey = dir.resolve(CA_KEY);
    Path caCert = dir.resolve(CA_CERTIFICATE);
    CertificateAuthority ca;
    if (present(caKey, caCert)) {
      ca = load(dir, clock);
    } else {
      ca = create(dir, clock);
    }
    List<String> names = serverNames(extraNames);
    Path serverKey = dir.resolve(SERVER_KEY);
    Path serverChain = dir.resolve(SERVER_CHAIN);
    if (!present(serverKey, serverChain) || ca.needsRenewal(serverChain, names)) {
      ca.issueServer(names).writeTo(serverKey, serverChain);
    } else if (PemFiles.exposed(serverKey)) {
      throw new IOException(serverKey + " is readable by others; make it mode 0600");
    }
    return ca;
  }

  /**
   * Loads the CA of an initialized TLS directory (to issue client certificates).
   *
   * @throws IOException when the files are missing or the key file is readable by others
   */
  public static CertificateAuthority load(Path dir, Clock clock)
      throws IOException, GeneralSecurityException {
    Path keyFile = dir.resolve(CA_KEY);
    if (!Files.exists(keyFile)) {
      throw new IOException("no CA in " + dir + " (" + CA_KEY + " is missing)");
    }
    if (PemFiles.exposed(keyFile)) {
      throw new IOException(keyFile + " is readable by others; make it mode 0600");
    }
    PrivateKey key = Pem.readPrivateKey(keyFile);
    X509Certificate cert = Pem.readCertificates(dir.resolve(CA_CERTIFICATE)).get(0);
    checkPair(key, cert);
    return new CertificateAuthority(dir, key, cert, clock);
  }

  private static CertificateAuthority create(Path dir, Clock clock)
      throws IOException, GeneralSecurityException {
    KeyPair pair = newKeyPair();
    Instant now = clock.instant();
    String host = hostName();
    byte[] id = new byte[4];
    new SecureRandom().nextBytes(id);
    // a name of its own for each installation: two Ward CAs are never confused for one another
    X500Name name =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "Ward")
            .addRDN(
                BCStyle.CN,
                "Ward CA " + (host == null ? "" : host + " ") + HexFormat.of().formatHex(id))
            .build();
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name,
            serial(new SecureRandom()),
            Date.from(now.minus(BACKDATE)),
            Date.from(now.plus(CA_VALIDITY)),
            name,
            pair.getPublic());
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(pair.getPublic()));
    } catch (CertIOException e) {
      throw new GeneralSecurityException("cannot encode a CA extension", e);
    }
    X509Certificate cert = sign(b, pair.getPrivate());
    PemFiles.writeKey(dir.resolve(CA_KEY), pair.getPrivate());
    PemFiles.writeCertificates(dir.resolve(CA_CERTIFICATE), List.of(cert));
    return new CertificateAuthority(dir, pair.getPrivate(), cert, clock);
  }

  /** The CA certificate: what peers trust. */
  public X509Certificate certificate() {
    return certificate;
  }

  public Path caCertificateFile() {
    return dir.resolve(CA_CERTIFICATE);
  }

  public Path serverKeyFile() {
    return dir.resolve(SERVER_KEY);
  }

  public Path serverChainFile() {
    return dir.resolve(SERVER_CHAIN);
  }

  /**
   * A server certificate for {@code names} (DNS names or IP addresses), also good as a TLS client
   * certificate (Ward connects to C-MOVE destinations).
   */
  public IssuedCredential issueServer(Collection<String> names) throws GeneralSecurityException {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a server certificate names at least one host");
    }
    List<GeneralName> sans = new ArrayList<>();
    for (String n : names) {
      sans.add(generalName(n));
    }
    return issue(
        names.iterator().next(),
        SERVER_VALIDITY,
        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth},
        sans);
  }

  /**
   * A TLS client certificate for a modality or workstation, named {@code commonName} (usually its
   * AE title); register its {@link IssuedCredential#fingerprint()} with the entity.
   */
  public IssuedCredential issueClient(String commonName) throws GeneralSecurityException {
    if (commonName == null
        || commonName.isBlank()
        || commonName.length() > 64
        || commonName.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a common name has 1 to 64 printable characters");
    }
    return issue(
        commonName, CLIENT_VALIDITY, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, List.of());
  }

  private IssuedCredential issue(
      String commonName, Duration validity, KeyPurposeId[] purposes, List<GeneralName> sans)
      throws GeneralSecurityException {
    KeyPair pair = newKeyPair();
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
      notAfter = certificate.getNotAfter().toInstant(); // never outlive the CA
    }
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            certificate,
            serial(random),
            Date.from(now.minus(BACKDATE)),
            Date.from(notAfter),
            new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(),
            pair.getPublic());
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      if (!sans.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(sans.toArray(new GeneralName[0])));
      }
      b.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(pair.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
    } catch (CertIOException e) {
      throw new GeneralSecurityException("cannot encode a certificate extension", e);
    }
    return new IssuedCredential(pair.getPrivate(), List.of(sign(b, key), certificate));
  }

  /**
   * The names of the server certificate: {@code localhost}, {@code 127.0.0.1}, {@code ::1}, this
   * host's name (when it has a usable one), then {@code extra}, without duplicates.
   */
  public static List<String> serverNames(Collection<String> extra) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    String host = hostName();
    if (host != null) {
      names.add(host);
    }
    for (String n : extra) {
      generalName(n); // refuses what is neither a DNS name nor an IP address
      names.add(n);
    }
    return List.copyOf(names);
  }

  /** Whether the server chain is missing a name, due for renewal or not from this CA. */
  private boolean needsRenewal(Path chainFile, List<String> names) throws IOException {
    X509Certificate leaf;
    try {
      leaf = Pem.readCertificates(chainFile).get(0);
      leaf.verify(certificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      return true;
    }
    if (leaf.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
      return true;
    }
    Set<String> present = new LinkedHashSet<>();
    try {
      if (leaf.getSubjectAlternativeNames() != null) {
        for (List<?> san : leaf.getSubjectAlternativeNames()) {
          present.add(canonical(String.valueOf(san.get(1))));
        }
      }
    } catch (CertificateParsingException e) {
      return true;
    }
    for (String n : names) {
      if (!present.contains(canonical(n))) {
        return true;
      }
    }
    return false;
  }

  /** A DNS name lower-cased, an IP address in the JDK's canonical text. */
  private static String canonical(String name) {
    if (IPAddress.isValid(name)) {
      try {
        return InetAddress.getByName(name).getHostAddress();
      } catch (UnknownHostException e) {
        return name;
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  private static GeneralName generalName(String name) {
    if (name != null && IPAddress.isValid(name)) {
      return new GeneralName(GeneralName.iPAddress, name);
    }
    if (name == null || name.length() > 253 || !DNS_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is neither a DNS name nor an IP address");
    }
    return new GeneralName(GeneralName.dNSName, name);
  }

  /** This host's name, when the system gives a usable one; null otherwise. */
  static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name != null
              && !IPAddress.isValid(name)
              && name.length() <= 253
              && DNS_NAME.matcher(name).matches()
          ? name
          : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether both files exist; neither: false; only one: refused, to overwrite nothing. */
  private static boolean present(Path key, Path cert) throws IOException {
    boolean k = Files.exists(key);
    boolean c = Files.exists(cert);
    if (k != c) {
      throw new IOException(
          (k ? cert : key)
              + " is missing but "
              + (k ? key : cert)
              + " exists; restore it or remove both");
    }
    return k;
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /** A positive serial number of 159 random bits (RFC 5280 4.1.2.2: at most 20 octets). */
  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(159, random).setBit(0);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(SIGNATURE)
                      .build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
    }
  }

  /** Signs and verifies a nonce: the CA key must belong to the CA certificate. */
  private static void checkPair(PrivateKey key, X509Certificate cert)
      throws GeneralSecurityException {
    byte[] nonce = "ward ca check".getBytes(StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance(SIGNATURE);
    s.initSign(key);
    s.update(nonce);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(SIGNATURE);
    v.initVerify(cert.getPublicKey());
    v.update(nonce);
    if (!v.verify(sig)) {
      throw new java.security.InvalidKeyException(
          CA_KEY + " does not belong to " + cert.getSubjectX500Principal().getName());
    }
  }
}
