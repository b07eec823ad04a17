package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {
  /** RFC 6238 appendix B: the SHA-1 seed. */
  private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void rfc6238TestVectorsForSha1() {
    // Appendix B gives 8 digits; the table's times and values.
    assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(59)), 8)).isEqualTo("94287082");
    assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(1111111109)), 8))
        .isEqualTo("07081804");
    assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(1111111111)), 8))
        .isEqualTo("14050471");
    assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(1234567890)), 8))
        .isEqualTo("89005924");
    assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(2000000000)), 8))
        .isEqualTo("69279037");
    assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(20000000000L)), 8))
        .isEqualTo("65353130");
  }

  @Test
  void rfc4226TestVectorsForHotp() {
    String[] expected = {
      "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
      "520489"
    };
    for (int i = 0; i < expected.length; i++) {
      assertThat(Totp.code(SEED, i, 6)).as("counter %d", i).isEqualTo(expected[i]);
    }
  }

  @Test
  void base32RoundTripsAndMatchesRfc4648() {
    assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    assertThat(new String(Totp.decodeBase32("mzxw 6ytb oi======"), StandardCharsets.US_ASCII))
        .isEqualTo("foobar");
    String secret = Totp.newSecret(new SecureRandom());
    assertThat(secret).hasSize(32).matches("[A-Z2-7]+");
    assertThat(Totp.decodeBase32(secret)).hasSize(20);
  }

  @Test
  void acceptsTheNeighbouringStepsAndNothingFurther() {
    String secret = Totp.base32(SEED);
    Instant at = Instant.ofEpochSecond(1111111111);
    long step = Totp.step(at);
    for (long s = step - 3; s <= step + 3; s++) {
      String code = Totp.code(SEED, s, 6);
      boolean near = Math.abs(s - step) <= 1;
      assertThat(Totp.match(secret, code, at).isPresent())
          .as("step offset %d", s - step)
          .isEqualTo(near);
      if (near) {
        assertThat(Totp.match(secret, code, at).getAsLong()).isEqualTo(s);
      }
    }
  }

  @Test
  void refusesCodesThatAreNotSixDigits() {
    String secret = Totp.base32(SEED);
    Instant at = Instant.ofEpochSecond(59);
    String good = Totp.code(SEED, Totp.step(at), 6);
    assertThat(Totp.match(secret, good, at)).isPresent();
    assertThat(Totp.match(secret, " " + good, at)).isEmpty();
    assertThat(Totp.match(secret, good.substring(1), at)).isEmpty();
    assertThat(Totp.match(secret, null, at)).isEmpty();
    assertThat(Totp.match(secret, "12345a", at)).isEmpty();
  }

  @Test
  void theUriNamesIssuerAccountAndSecret() {
    assertThat(Totp.uri("Ward", "dr smith", "ABC"))
        .isEqualTo(
            "otpauth://totp/Ward:dr%20smith?secret=ABC&issuer=Ward&algorithm=SHA1&digits=6&period=30");
  }
}
