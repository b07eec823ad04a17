package ward.net.identity;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies JSON Web Tokens (RFC 7519, User-Identity-Type 5) with the JDK's cryptography alone: one
 * algorithm and one key per verifier, HS256 (a shared secret of at least 32 bytes), RS256 (an RSA
 * public key of at least 2048 bits) or ES256 (a P-256 public key).
 *
 * <p>A token is accepted only when all of these hold (RFC 8725's advice): it is a three-part JWS in
 * compact serialization; its header's {@code alg} is exactly the configured algorithm ({@code none}
 * and every other value are refused, so a token cannot pick its own verification) and it has no
 * {@code crit} parameter; the signature verifies; {@code exp} is present, not past, and no further
 * ahead than the maximum lifetime (24 hours by default); {@code nbf} and {@code iat}, when present,
 * are not in the future; {@code iss} equals the configured issuer; {@code aud} is or contains the
 * configured audience; and {@code sub}, which becomes the user name, is a non-empty string. Times
 * allow the configured leeway (60 s by default). Header parameters that point elsewhere ({@code
 * jku}, {@code x5u}, {@code kid}) are ignored: no key is ever fetched.
 *
 * <p>Refusal reasons say which check failed, never what the token held.
 */
public final class JwtVerifier implements IdentityVerifier {

  /** The signature algorithms (RFC 7518 3.1) this verifier supports. */
  public enum Algorithm {
    HS256,
    RS256,
    ES256
  }

  /** The largest token considered: the user identity field's 16-bit length allows no more. */
  public static final int MAX_TOKEN_CHARS = 0xFFFF;

  private final Algorithm algorithm;
  private final byte[] secret;
  private final PublicKey publicKey;
  private final String issuer;
  private final String audience;
  private final Clock clock;
  private final BigDecimal leewaySeconds;
  private final BigDecimal maxLifetimeSeconds;

  private JwtVerifier(Builder b) {
    this.algorithm = b.algorithm;
    this.secret = b.secret;
    this.publicKey = b.publicKey;
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.clock = b.clock;
    this.leewaySeconds = BigDecimal.valueOf(b.leeway.toMillis()).movePointLeft(3);
    this.maxLifetimeSeconds = BigDecimal.valueOf(b.maxLifetime.toSeconds());
  }

  /** HMAC with SHA-256 and a shared secret of at least 32 bytes (RFC 7518 3.2). */
  public static Builder hs256(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("an HS256 secret must have at least 32 bytes");
    }
    return new Builder(Algorithm.HS256, secret.clone(), null);
  }

  /**
   * RSASSA-PKCS1-v1_5 with SHA-256 and an RSA public key of at least 2048 bits.
   *
   * @throws InvalidKeyException when the key is not RSA or too short
   */
  public static Builder rs256(PublicKey key) throws InvalidKeyException {
    if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
      throw new InvalidKeyException("RS256 needs an RSA public key of at least 2048 bits");
    }
    return new Builder(Algorithm.RS256, null, key);
  }

  /**
   * ECDSA with P-256 and SHA-256.
   *
   * @throws InvalidKeyException when the key is not on P-256
   */
  public static Builder es256(PublicKey key) throws GeneralSecurityException {
    if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
      throw new InvalidKeyException("ES256 needs an EC public key on the P-256 curve");
    }
    return new Builder(Algorithm.ES256, null, key);
  }

  private static boolean isP256(ECParameterSpec spec) throws GeneralSecurityException {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec p256 = p.getParameterSpec(ECParameterSpec.class);
    return spec.getCurve().equals(p256.getCurve())
        && spec.getGenerator().equals(p256.getGenerator())
        && spec.getOrder().equals(p256.getOrder());
  }

  @Override
  public Verdict verify(UserIdentity identity, Requestor requestor) {
    if (identity instanceof UserIdentity.JsonWebToken jwt) {
      return verifyToken(jwt.token());
    }
    return Verdict.refused("the JWT verifier was given a " + identity.kind() + " identity");
  }

  /** Verifies one token in compact serialization. Never throws: bad tokens are refused. */
  public Verdict verifyToken(String token) {
    try {
      return check(token);
    } catch (Refusal r) {
      return Verdict.refused("JWT refused: " + r.getMessage());
    }
  }

  /** Why a token is refused; thrown inside {@link #check} only. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  private Verdict check(String token) throws Refusal {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new Refusal("the token is too long");
    }
    int dot1 = token.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
      throw new Refusal("not a JWS in compact serialization (three parts)");
    }
    byte[] headerBytes = base64url(token.substring(0, dot1), "header");
    byte[] payloadBytes = base64url(token.substring(dot1 + 1, dot2), "payload");
    byte[] signature = base64url(token.substring(dot2 + 1), "signature");

    Map<String, Object> header = json(headerBytes, "header");
    Object alg = header.get("alg");
    if (!(alg instanceof String a)) {
      throw new Refusal("the header has no alg");
    }
    if (a.equalsIgnoreCase("none")) {
      throw new Refusal("unsigned tokens (alg none) are not accepted");
    }
    if (!a.equals(algorithm.name())) {
      throw new Refusal("algorithm is not " + algorithm);
    }
    if (header.containsKey("crit")) {
      throw new Refusal("the header has critical extensions (crit)");
    }
    if (!signatureHolds(token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII), signature)) {
      throw new Refusal("the signature does not verify");
    }

    Map<String, Object> claims = json(payloadBytes, "claims set");
    BigDecimal now = BigDecimal.valueOf(clock.millis()).movePointLeft(3);
    BigDecimal exp = numericDate(claims, "exp");
    if (exp == null) {
      throw new Refusal("the token has no expiry (exp)");
    }
    if (now.compareTo(exp.add(leewaySeconds)) >= 0) {
      throw new Refusal("the token has expired");
    }
    if (exp.subtract(now).compareTo(maxLifetimeSeconds) > 0) {
      throw new Refusal("the token expires too far in the future (exp)");
    }
    BigDecimal nbf = numericDate(claims, "nbf");
    if (nbf != null && now.add(leewaySeconds).compareTo(nbf) < 0) {
      throw new Refusal("the token is not valid yet (nbf)");
    }
    BigDecimal iat = numericDate(claims, "iat");
    if (iat != null && now.add(leewaySeconds).compareTo(iat) < 0) {
      throw new Refusal("the token was issued in the future (iat)");
    }
    if (!issuer.equals(claims.get("iss"))) {
      throw new Refusal("the issuer (iss) is not the one trusted");
    }
    if (!audienceMatches(claims.get("aud"))) {
      throw new Refusal("the audience (aud) does not include " + audience);
    }
    Object sub = claims.get("sub");
    if (!(sub instanceof String subject) || subject.isBlank()) {
      throw new Refusal("the token has no subject (sub)");
    }
    for (int i = 0; i < subject.length(); i++) {
      if (Character.isISOControl(subject.charAt(i))) {
        throw new Refusal("the subject (sub) contains a control character");
      }
    }
    return Verdict.authenticated(new AuthenticatedUser(subject, UserIdentity.Kind.JWT, issuer));
  }

  private boolean audienceMatches(Object aud) {
    if (aud instanceof String s) {
      return s.equals(audience);
    }
    if (aud instanceof List<?> list) {
      return list.contains(audience);
    }
    return false;
  }

  private static BigDecimal numericDate(Map<String, Object> claims, String name) throws Refusal {
    Object v = claims.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof BigDecimal n)) {
      throw new Refusal("the " + name + " claim is not a number");
    }
    return n;
  }

  private boolean signatureHolds(byte[] signingInput, byte[] signature) throws Refusal {
    try {
      switch (algorithm) {
        case HS256 -> {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(secret, "HmacSHA256"));
          return MessageDigest.isEqual(mac.doFinal(signingInput), signature);
        }
        case RS256 -> {
          Signature s = Signature.getInstance("SHA256withRSA");
          s.initVerify(publicKey);
          s.update(signingInput);
          return s.verify(signature);
        }
        case ES256 -> {
          if (signature.length != 64) {
            return false; // RFC 7518 3.4: R and S, 32 bytes each
          }
          Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
          s.initVerify(publicKey);
          s.update(signingInput);
          return s.verify(signature);
        }
      }
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new Refusal("the JDK cannot verify " + algorithm + ": " + e.getMessage());
    }
    return false;
  }

  private static byte[] base64url(String part, String what) throws Refusal {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        throw new Refusal("the " + what + " is not unpadded base64url");
      }
    }
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new Refusal("the " + what + " is not valid base64url");
    }
  }

  private static Map<String, Object> json(byte[] utf8, String what) throws Refusal {
    try {
      return JsonParser.parseObject(UserIdentity.utf8(utf8, what));
    } catch (IdentityFormatException e) {
      throw new Refusal(e.getMessage());
    } catch (JsonParser.JsonException e) {
      throw new Refusal("the " + what + " is not a JSON object: " + e.getMessage());
    }
  }

  /** Configures the issuer and audience a token must name, the clock and the leeway. */
  public static final class Builder {
    private final Algorithm algorithm;
    private final byte[] secret;
    private final PublicKey publicKey;
    private String issuer;
    private String audience;
    private Clock clock = Clock.systemUTC();
    private Duration leeway = Duration.ofSeconds(60);
    private Duration maxLifetime = Duration.ofHours(24);

    private Builder(Algorithm algorithm, byte[] secret, PublicKey publicKey) {
      this.algorithm = algorithm;
      this.secret = secret;
      this.publicKey = publicKey;
    }

    /** The {@code iss} every token must carry (required). */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer);
      return this;
    }

    /** The {@code aud} every token must name: this Ward's identifier (required). */
    public Builder audience(String audience) {
      this.audience = Objects.requireNonNull(audience);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Allowed clock difference for exp, nbf and iat; at most five minutes. */
    public Builder leeway(Duration leeway) {
      if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("leeway must be between 0 and 5 minutes");
      }
      this.leeway = leeway;
      return this;
    }

    /**
     * The longest a token may still be valid (its {@code exp} minus now); 24 hours by default, so a
     * token that never expires in practice is refused.
     */
    public Builder maxLifetime(Duration maxLifetime) {
      if (maxLifetime.isNegative() || maxLifetime.isZero()) {
        throw new IllegalArgumentException("the maximum lifetime must be positive");
      }
      this.maxLifetime = maxLifetime;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @throws IllegalStateException when the issuer or audience is missing: a token minted for any
     *     other service must not open Ward
     */
    public JwtVerifier build() {
      if (issuer == null || audience == null) {
        throw new IllegalStateException("a JWT verifier needs the issuer and audience to expect");
      }
      return new JwtVerifier(this);
    }
  }
}
