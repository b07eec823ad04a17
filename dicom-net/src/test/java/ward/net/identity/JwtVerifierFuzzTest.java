package ward.net.identity;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Fuzzing the JWT verifier behind its signature check: the fuzzer's header and claims are signed
 * with the verifier's own HS256 secret, so every byte reaches the JSON parser and the claim checks.
 * Whatever they hold, the verifier returns a verdict and throws nothing; and it never accepts a
 * token whose header names another algorithm.
 */
class JwtVerifierFuzzTest {

  static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef-fuzz".getBytes(StandardCharsets.US_ASCII);
  static final JwtVerifier VERIFIER =
      JwtVerifier.hs256(SECRET)
          .issuer("https://idp.test")
          .audience("ward")
          .clock(Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC))
          .build();

  @FuzzTest(maxDuration = "2m")
  void fuzzSignedToken(FuzzedDataProvider data) throws Exception {
    String header = data.consumeString(200);
    String claims = data.consumeRemainingAsString();
    Verdict v = VERIFIER.verifyToken(Jwts.hs256(SECRET, header, claims));
    if (v == null) {
      throw new AssertionError("no verdict");
    }
    if (v instanceof Verdict.Authenticated
        && !JsonParser.parseObject(header).get("alg").equals("HS256")) {
      throw new AssertionError("accepted a token whose alg is not HS256");
    }
  }

  @FuzzTest(maxDuration = "2m")
  void fuzzCompactToken(byte[] input) {
    if (VERIFIER.verifyToken(new String(input, StandardCharsets.ISO_8859_1)) == null) {
      throw new AssertionError("no verdict");
    }
  }
}
