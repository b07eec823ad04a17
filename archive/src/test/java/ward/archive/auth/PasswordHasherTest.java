package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void verifiesTheRightPasswordAndRejectsOthers() {
    String stored = hasher.hash("violet staircase 42".toCharArray());
    assertThat(hasher.verify("violet staircase 42".toCharArray(), stored)).isTrue();
    assertThat(hasher.verify("violet staircase 43".toCharArray(), stored)).isFalse();
    assertThat(hasher.verify("Violet staircase 42".toCharArray(), stored)).isFalse();
    assertThat(hasher.verify(new char[0], stored)).isFalse();
  }

  @Test
  void hashIsAPhcStringWithTheParametersAndA16ByteSalt() {
    String stored = hasher.hash("violet staircase 42".toCharArray());
    assertThat(stored)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    PasswordHasher.Phc phc = PasswordHasher.Phc.parse(stored);
    assertThat(phc.parameters()).isEqualTo(PasswordHasher.FLOOR);
    assertThat(phc.salt()).hasSize(16);
    assertThat(phc.hash()).hasSize(32);
  }

  @Test
  void theSamePasswordHashesDifferentlyEachTime() {
    char[] password = "violet staircase 42".toCharArray();
    String a = hasher.hash(password);
    String b = hasher.hash(password);
    assertThat(a).isNotEqualTo(b);
    assertThat(PasswordHasher.Phc.parse(a).salt()).isNotEqualTo(PasswordHasher.Phc.parse(b).salt());
    assertThat(password).isEqualTo("violet staircase 42".toCharArray()); // the caller's array
  }

  /**
   * Argon2id vectors of the reference implementation (phc-winner-argon2, src/test.c), which Bouncy
   * Castle's own tests also use: "password" with the salt "somesalt".
   */
  @Test
  void matchesTheReferenceImplementationsVectors() {
    byte[] salt = "somesalt".getBytes(StandardCharsets.US_ASCII);
    PasswordHasher.Parameters small = new PasswordHasher.Parameters(256, 2, 1);
    byte[] raw = PasswordHasher.derive("password".toCharArray(), salt, small, 32);
    assertThat(PasswordHasher.encode(small, salt, raw))
        .isEqualTo(
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4");

    String reference =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertThat(hasher.verify("password".toCharArray(), reference)).isTrue();
    assertThat(hasher.verify("passwore".toCharArray(), reference)).isFalse();
    assertThat(PasswordHasher.Phc.parse(reference).hash())
        .isEqualTo(
            HexFormat.of()
                .parseHex("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7"));
  }

  @Test
  void parametersAreReadBackSoThatTheyCanBeRaisedLater() {
    String old = hasher.hash("violet staircase 42".toCharArray());
    PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Parameters(24_576, 3, 1));
    assertThat(stronger.verify("violet staircase 42".toCharArray(), old)).isTrue();
    assertThat(stronger.needsRehash(old)).isTrue();
    String renewed = stronger.hash("violet staircase 42".toCharArray());
    assertThat(renewed).startsWith("$argon2id$v=19$m=24576,t=3,p=1$");
    assertThat(stronger.needsRehash(renewed)).isFalse();
    assertThat(hasher.needsRehash(renewed)).isFalse();
    assertThat(hasher.verify("violet staircase 42".toCharArray(), renewed)).isTrue();
  }

  @Test
  void malformedOrForeignStringsMatchNothing() {
    String good = hasher.hash("violet staircase 42".toCharArray());
    String hashPart = good.substring(good.lastIndexOf('$') + 1);
    List<String> bad =
        List.of(
            "",
            "plain text",
            good.replace("argon2id", "argon2i"),
            good.replace("argon2id", "argon2d"),
            good.replace("v=19", "v=16"),
            good.replace("m=19456,t=2,p=1", "t=2,m=19456,p=1"),
            good.replace("m=19456", "m=99999999999"),
            good.replace("m=19456", "m=4194304"), // 4 GiB: beyond the bound
            good.replace("t=2", "t=0"),
            good.replace("p=1", "p=-1"),
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$" + hashPart, // a 4-byte salt
            good + "=",
            good + "$",
            good.substring(0, good.length() - 20));
    for (String s : bad) {
      assertThat(hasher.verify("violet staircase 42".toCharArray(), s)).as(s).isFalse();
      assertThat(hasher.needsRehash(s)).as(s).isTrue();
    }
  }

  @Test
  void refusesParametersBelowTheFloor() {
    assertThatThrownBy(() -> new PasswordHasher(new PasswordHasher.Parameters(16_384, 2, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher(new PasswordHasher.Parameters(65_536, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void passwordsAreHashedAsUtf8() {
    PasswordHasher.Parameters p = new PasswordHasher.Parameters(64, 1, 1);
    byte[] salt = new byte[16];
    String password = "Grüße aus Zürich, 東京";
    Argon2BytesGenerator reference = new Argon2BytesGenerator();
    reference.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(64)
            .withIterations(1)
            .withParallelism(1)
            .withSalt(salt)
            .build());
    byte[] expected = new byte[32];
    reference.generateBytes(password.getBytes(StandardCharsets.UTF_8), expected);
    assertThat(PasswordHasher.derive(password.toCharArray(), salt, p, 32)).isEqualTo(expected);
  }
}
