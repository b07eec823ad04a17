package ward.archive.auth;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A registered DICOM application entity: a modality, workstation or other PACS that may associate
 * with Ward, and how it proves that it is the one registered under its AE title (which by itself
 * proves nothing: anyone can send any calling AE title).
 *
 * @param aeTitle the AE title it calls from (PS3.5 6.2 VR AE: 1 to 16 characters, case matters)
 * @param description what it is, for people
 * @param certificateSha256 for {@link Authentication#CERTIFICATE}: lower-case hex SHA-256 of its
 *     TLS client certificate (DER); null otherwise
 * @param pinnedAddress for {@link Authentication#LEGACY_ADDRESS}: the one address it may connect
 *     from; null otherwise
 * @param roles what it may do when it acts as itself: for a certificate entity, any roles; for a
 *     legacy entity, exactly {@link Role#UPLOADER}; for a user identity entity none, because it
 *     acts with the roles of the user who signs in
 * @param moveDestination where C-MOVE sends to it, or null when it is not a move destination
 */
public record ApplicationEntity(
    String aeTitle,
    String description,
    Authentication authentication,
    String certificateSha256,
    InetAddress pinnedAddress,
    Set<Role> roles,
    Destination moveDestination) {

  /** How an entity proves it is the one registered. */
  public enum Authentication {
    /** Over TLS, with the client certificate whose fingerprint is registered. */
    CERTIFICATE,
    /** Over TLS, by sending a user identity (PS3.7 D.3.3.7) of one of Ward's users. */
    USER_IDENTITY,
    /**
     * A modality that can do neither: plaintext allowed, only from its pinned address, and only
     * C-ECHO and C-STORE. The address is all that identifies it, so it gets no more.
     */
    LEGACY_ADDRESS
  }

  /** A storage SCP to send to: host name or IP address, and port. */
  public record Destination(String host, int port) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");

    public Destination {
      if (host == null || !HOST.matcher(host).matches()) {
        throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
      }
    }
  }

  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

  public ApplicationEntity {
    checkAeTitle(aeTitle);
    description = description == null ? "" : description;
    if (description.length() > 256 || description.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "a description has at most 256 characters and no control characters");
    }
    Objects.requireNonNull(authentication, "authentication");
    roles = Set.copyOf(roles);
    if (authentication == Authentication.CERTIFICATE) {
      certificateSha256 = normalizeFingerprint(certificateSha256);
      if (roles.isEmpty()) {
        throw new IllegalArgumentException(
            "an entity that authenticates by certificate needs at least one role");
      }
    } else if (certificateSha256 != null) {
      throw new IllegalArgumentException("only certificate entities have a fingerprint");
    }
    if (authentication == Authentication.LEGACY_ADDRESS) {
      if (pinnedAddress == null) {
        throw new IllegalArgumentException("a legacy entity is pinned to one address");
      }
      if (!roles.equals(Set.of(Role.UPLOADER))) {
        throw new IllegalArgumentException(
            "a legacy entity may only echo and store: its one role is UPLOADER");
      }
    } else if (pinnedAddress != null) {
      throw new IllegalArgumentException("only legacy entities are pinned to an address");
    }
    if (authentication == Authentication.USER_IDENTITY && !roles.isEmpty()) {
      throw new IllegalArgumentException(
          "an entity that authenticates by user identity acts with the roles of the user");
    }
  }

  /** An entity that authenticates with a TLS client certificate. */
  public static ApplicationEntity certificate(
      String aeTitle, String description, String certificateSha256, Set<Role> roles) {
    return new ApplicationEntity(
        aeTitle, description, Authentication.CERTIFICATE, certificateSha256, null, roles, null);
  }

  /** An entity whose users sign in with a user identity. */
  public static ApplicationEntity userIdentity(String aeTitle, String description) {
    return new ApplicationEntity(
        aeTitle, description, Authentication.USER_IDENTITY, null, null, Set.of(), null);
  }

  /** A legacy modality pinned to {@code address}: plaintext, echo and store only. */
  public static ApplicationEntity legacy(String aeTitle, String description, InetAddress address) {
    return new ApplicationEntity(
        aeTitle,
        description,
        Authentication.LEGACY_ADDRESS,
        null,
        address,
        Set.of(Role.UPLOADER),
        null);
  }

  /** This entity, as a C-MOVE destination at {@code host}:{@code port}. */
  public ApplicationEntity withMoveDestination(String host, int port) {
    return new ApplicationEntity(
        aeTitle,
        description,
        authentication,
        certificateSha256,
        pinnedAddress,
        roles,
        new Destination(host, port));
  }

  /** The principal for an association in which this entity acts as itself. */
  public Principal principal() {
    return Principal.entity(aeTitle, roles);
  }

  /** The SHA-256 fingerprint of a certificate, as registered: lower-case hex of the DER. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot take the fingerprint of this certificate", e);
    }
  }

  /**
   * A fingerprint as people write it (upper or lower case, with or without colons, as {@code
   * openssl x509 -fingerprint -sha256} prints it) in the stored form.
   */
  public static String normalizeFingerprint(String text) {
    String hex = text == null ? "" : text.replace(":", "").toLowerCase(Locale.ROOT);
    if (!FINGERPRINT.matcher(hex).matches()) {
      throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hexadecimal digits");
    }
    return hex;
  }

  /**
   * The address a legacy entity is pinned to, from an IP address literal only: a host name is
   * refused, so nothing is looked up in DNS and the pin cannot move with a name.
   */
  public static InetAddress addressLiteral(String text) {
    if (text == null || !text.matches("[0-9.]{7,15}|[0-9A-Fa-f:]{2,39}")) {
      throw new IllegalArgumentException("a pinned address is an IP address literal: " + text);
    }
    try {
      return InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + text, e);
    }
  }

  /** PS3.5 6.2: 1 to 16 characters of ISO 646 without backslash, no surrounding spaces. */
  static void checkAeTitle(String ae) {
    if (ae == null || ae.isEmpty() || ae.length() > 16 || !ae.equals(ae.strip())) {
      throw new IllegalArgumentException(
          "an AE title has 1 to 16 characters and no leading or trailing spaces");
    }
    for (int i = 0; i < ae.length(); i++) {
      char c = ae.charAt(i);
      if (c < 0x20 || c >= 0x7F || c == '\\') {
        throw new IllegalArgumentException("an AE title is printable ASCII without backslash");
      }
    }
  }
}
