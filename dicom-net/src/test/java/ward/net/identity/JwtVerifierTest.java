package ward.net.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in JWT verifier: what it accepts, and each reason it refuses. */
class JwtVerifierTest {

  static final long NOW = 1_800_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef-ward".getBytes(StandardCharsets.US_ASCII);
  static final String HS = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  static final String RS = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
  static final String ES = "{\"alg\":\"ES256\"}";

  static KeyPair rsa;
  static KeyPair ec;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
    r.initialize(2048);
    rsa = r.generateKeyPair();
    KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
    e.initialize(new ECGenParameterSpec("secp256r1"));
    ec = e.generateKeyPair();
  }

  static JwtVerifier hs() {
    return JwtVerifier.hs256(SECRET)
        .issuer("https://idp.test")
        .audience("ward")
        .clock(CLOCK)
        .build();
  }

  static JwtVerifier rs() throws Exception {
    return JwtVerifier.rs256(rsa.getPublic())
        .issuer("https://idp.test")
        .audience("ward")
        .clock(CLOCK)
        .build();
  }

  static void assertAccepted(Verdict v, String name) {
    assertThat(v).isInstanceOf(Verdict.Authenticated.class);
    AuthenticatedUser u = ((Verdict.Authenticated) v).user();
    assertThat(u.name()).isEqualTo(name);
    assertThat(u.kind()).isEqualTo(UserIdentity.Kind.JWT);
    assertThat(u.issuer()).isEqualTo("https://idp.test");
  }

  static void assertRefused(Verdict v, String why) {
    assertThat(v).isInstanceOf(Verdict.Refused.class);
    assertThat(((Verdict.Refused) v).reason()).contains(why);
  }

  @Test
  void acceptsHs256Rs256AndEs256() throws Exception {
    assertAccepted(
        hs().verifyToken(Jwts.hs256(SECRET, HS, Jwts.claims("alice", NOW + 300))), "alice");
    assertAccepted(
        rs().verifyToken(Jwts.rs256(rsa.getPrivate(), RS, Jwts.claims("bob", NOW + 300))), "bob");
    JwtVerifier es =
        JwtVerifier.es256(ec.getPublic())
            .issuer("https://idp.test")
            .audience("ward")
            .clock(CLOCK)
            .build();
    assertAccepted(
        es.verifyToken(Jwts.es256(ec.getPrivate(), ES, Jwts.claims("carol", NOW + 1))), "carol");
  }

  @Test
  void acceptsAnAudienceListAndValidTimes() throws Exception {
    String claims =
        "{\"iss\":\"https://idp.test\",\"aud\":[\"pacs\",\"ward\"],\"sub\":\"dora\","
            + "\"exp\":"
            + (NOW + 60)
            + ".5,\"nbf\":"
            + (NOW - 10)
            + ",\"iat\":"
            + NOW
            + ",\"jku\":\"https://evil.test/keys\"}";
    assertAccepted(hs().verifyToken(Jwts.hs256(SECRET, HS, claims)), "dora");
  }

  @Test
  void refusesAlgNoneAndEveryOtherAlgorithm() throws Exception {
    String unsigned =
        Jwts.b64("{\"alg\":\"none\"}") + "." + Jwts.b64(Jwts.claims("mallory", NOW + 300)) + ".";
    assertRefused(hs().verifyToken(unsigned), "alg none");
    String noneUpper =
        Jwts.b64("{\"alg\":\"NONE\"}")
            + "."
            + Jwts.b64(Jwts.claims("mallory", NOW + 300))
            + ".AAAA";
    assertRefused(hs().verifyToken(noneUpper), "alg none");
    assertRefused(
        rs().verifyToken(Jwts.hs256(SECRET, HS, Jwts.claims("mallory", NOW + 300))),
        "algorithm is not RS256");
    assertRefused(
        hs().verifyToken(Jwts.hs256(SECRET, "{\"typ\":\"JWT\"}", Jwts.claims("m", NOW + 300))),
        "no alg");
  }

  /** The classic confusion: an HS256 token keyed with the RSA public key is not an RS256 token. */
  @Test
  void refusesAlgorithmConfusionWithThePublicKey() throws Exception {
    String forged = Jwts.hs256(rsa.getPublic().getEncoded(), HS, Jwts.claims("mallory", NOW + 300));
    assertRefused(rs().verifyToken(forged), "algorithm is not RS256");
  }

  @Test
  void refusesBadSignatures() throws Exception {
    String good = Jwts.hs256(SECRET, HS, Jwts.claims("alice", NOW + 300));
    String tamperedClaims =
        good.substring(0, good.indexOf('.') + 1)
            + Jwts.b64(Jwts.claims("admin", NOW + 300))
            + good.substring(good.lastIndexOf('.'));
    assertRefused(hs().verifyToken(tamperedClaims), "signature does not verify");
    byte[] other = "another secret of at least 32 bytes!!".getBytes(StandardCharsets.US_ASCII);
    assertRefused(
        hs().verifyToken(Jwts.hs256(other, HS, Jwts.claims("alice", NOW + 300))),
        "signature does not verify");
    KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
    r.initialize(2048);
    assertRefused(
        rs().verifyToken(
                Jwts.rs256(r.generateKeyPair().getPrivate(), RS, Jwts.claims("bob", NOW + 300))),
        "signature does not verify");
    JwtVerifier es =
        JwtVerifier.es256(ec.getPublic()).issuer("https://idp.test").audience("ward").build();
    String esToken = Jwts.es256(ec.getPrivate(), ES, Jwts.claims("c", NOW + 300));
    String derLength = esToken.substring(0, esToken.lastIndexOf('.') + 1) + Jwts.b64(new byte[70]);
    assertRefused(es.verifyToken(derLength), "signature does not verify");
  }

  @Test
  void refusesExpiredFutureAndTimeless() throws Exception {
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, Jwts.claims("a", NOW - 61))), "expired");
    // within the 60 s leeway
    assertAccepted(hs().verifyToken(Jwts.hs256(SECRET, HS, Jwts.claims("a", NOW - 59))), "a");
    String noExp = "{\"iss\":\"https://idp.test\",\"aud\":\"ward\",\"sub\":\"a\"}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, noExp)), "no expiry");
    String stringExp =
        "{\"iss\":\"https://idp.test\",\"aud\":\"ward\",\"sub\":\"a\",\"exp\":\"" + NOW + "\"}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, stringExp)), "exp claim is not a number");
    String notYet =
        "{\"iss\":\"https://idp.test\",\"aud\":\"ward\",\"sub\":\"a\",\"exp\":"
            + (NOW + 900)
            + ",\"nbf\":"
            + (NOW + 120)
            + "}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, notYet)), "not valid yet");
    String future =
        "{\"iss\":\"https://idp.test\",\"aud\":\"ward\",\"sub\":\"a\",\"exp\":"
            + (NOW + 900)
            + ",\"iat\":"
            + (NOW + 120)
            + "}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, future)), "issued in the future");
    String longLived = Jwts.claims("a", NOW + 25 * 3600);
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, longLived)), "too far in the future");
    String hugeExp = "{\"iss\":\"https://idp.test\",\"aud\":\"ward\",\"sub\":\"a\",\"exp\":1e999}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, hugeExp)), "too far in the future");
    String hugerExp =
        "{\"iss\":\"https://idp.test\",\"aud\":\"ward\",\"sub\":\"a\",\"exp\":1e99999}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, hugerExp)), "out of range");
    JwtVerifier weekly =
        JwtVerifier.hs256(SECRET)
            .issuer("https://idp.test")
            .audience("ward")
            .clock(CLOCK)
            .maxLifetime(java.time.Duration.ofDays(7))
            .build();
    assertAccepted(weekly.verifyToken(Jwts.hs256(SECRET, HS, longLived)), "a");
  }

  @Test
  void refusesWrongIssuerAudienceOrSubject() throws Exception {
    String otherIss =
        "{\"iss\":\"https://other.test\",\"aud\":\"ward\",\"sub\":\"a\",\"exp\":"
            + (NOW + 60)
            + "}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, otherIss)), "issuer");
    String otherAud =
        "{\"iss\":\"https://idp.test\",\"aud\":[\"pacs\"],\"sub\":\"a\",\"exp\":"
            + (NOW + 60)
            + "}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, otherAud)), "audience");
    String noAud = "{\"iss\":\"https://idp.test\",\"sub\":\"a\",\"exp\":" + (NOW + 60) + "}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, noAud)), "audience");
    String noSub = "{\"iss\":\"https://idp.test\",\"aud\":\"ward\",\"exp\":" + (NOW + 60) + "}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, noSub)), "no subject");
    String ctlSub =
        "{\"iss\":\"https://idp.test\",\"aud\":\"ward\",\"sub\":\"a\\nINFO forged\",\"exp\":"
            + (NOW + 60)
            + "}";
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, ctlSub)), "control character");
  }

  @Test
  void refusesMalformedTokens() throws Exception {
    String good = Jwts.hs256(SECRET, HS, Jwts.claims("alice", NOW + 300));
    assertRefused(hs().verifyToken("abc"), "three parts");
    assertRefused(hs().verifyToken(good + ".x"), "three parts");
    assertRefused(hs().verifyToken(good + "="), "unpadded base64url");
    assertRefused(hs().verifyToken("e30.e30.A"), "not valid base64url");
    assertRefused(
        hs().verifyToken(Jwts.hs256(SECRET, "{\"alg\":\"HS256\",\"alg\":\"none\"}", "{}")),
        "duplicate member name");
    assertRefused(
        hs().verifyToken(Jwts.hs256(SECRET, "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", "{}")),
        "crit");
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, "[1]")), "not a JSON object");
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, "{} {}")), "trailing");
    assertRefused(hs().verifyToken(Jwts.hs256(SECRET, HS, "[".repeat(5))), "not a JSON object");
    assertRefused(
        hs().verifyToken(Jwts.hs256(SECRET, HS, "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}")),
        "nested deeper");
    String badUtf8 =
        Jwts.b64(HS.getBytes(StandardCharsets.UTF_8))
            + "."
            + Jwts.b64(new byte[] {'{', (byte) 0xC3, '}'})
            + ".AAAA";
    assertRefused(hs().verifyToken(badUtf8), "signature does not verify");
    assertRefused(hs().verifyToken("x".repeat(70_000)), "too long");
  }

  @Test
  void neverQuotesTheTokenInItsReasons() throws Exception {
    String token = Jwts.hs256(SECRET, HS, Jwts.claims("secret-subject", NOW - 3600));
    Verdict v = hs().verifyToken(token);
    assertThat(v.toString()).doesNotContain("secret-subject").doesNotContain(token);
    assertThat(new UserIdentity.JsonWebToken(token).toString()).doesNotContain(token);
  }

  @Test
  void refusesWeakKeysAndMissingConfiguration() throws Exception {
    assertThatThrownBy(() -> JwtVerifier.hs256(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
    r.initialize(1024);
    assertThatThrownBy(() -> JwtVerifier.rs256(r.generateKeyPair().getPublic()))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> JwtVerifier.rs256(ec.getPublic()))
        .isInstanceOf(InvalidKeyException.class);
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    assertThatThrownBy(() -> JwtVerifier.es256(p384.generateKeyPair().getPublic()))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> JwtVerifier.hs256(SECRET).issuer("x").build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesOtherIdentityKinds() {
    Verdict v = hs().verify(new UserIdentity.Username("alice"), null);
    assertRefused(v, "USERNAME");
  }
}
