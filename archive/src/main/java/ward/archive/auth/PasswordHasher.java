package ward.archive.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: Argon2id (RFC 9106) in the PHC string format, {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} with unpadded standard Base64, so that the
 * parameters travel with each hash and can be raised later without invalidating stored passwords
 * ({@link #needsRehash} says when a hash is weaker than what this hasher makes today).
 *
 * <p>The default is OWASP's first recommendation and Ward's floor: 19 MiB of memory, two passes,
 * one lane (30 to 60 ms on an idle core). Memory is what makes guessing on GPUs expensive; more
 * passes or memory can be configured, less cannot. Verification accepts whatever parameters a
 * stored string names, within bounds that keep a tampered row from exhausting the server.
 *
 * <p>Passwords are {@code char[]}; the UTF-8 copies made here are wiped after use. The caller owns
 * and wipes its own array.
 */
public final class PasswordHasher {

  /**
   * Argon2id cost parameters.
   *
   * @param memoryKib memory in KiB (m)
   * @param iterations passes over memory (t)
   * @param parallelism lanes (p)
   */
  public record Parameters(int memoryKib, int iterations, int parallelism) {
    public Parameters {
      if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
        throw new IllegalArgumentException("parallelism must be 1 to " + MAX_PARALLELISM);
      }
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException("iterations must be 1 to " + MAX_ITERATIONS);
      }
      // RFC 9106 3.1: m is at least 8p KiB
      if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
        throw new IllegalArgumentException(
            "memory must be between 8 KiB per lane and " + MAX_MEMORY_KIB + " KiB");
      }
    }

    /** Whether every cost is at least that of {@code other}. */
    public boolean atLeast(Parameters other) {
      return memoryKib >= other.memoryKib
          && iterations >= other.iterations
          && parallelism >= other.parallelism;
    }
  }

  /** OWASP Password Storage Cheat Sheet: m=19456 KiB, t=2, p=1. Never go below it. */
  public static final Parameters FLOOR = new Parameters(19_456, 2, 1);

  /** Bounds for parameters read back from a stored string: 1 GiB, 16 passes, 16 lanes. */
  static final int MAX_MEMORY_KIB = 1 << 20;

  static final int MAX_ITERATIONS = 16;
  static final int MAX_PARALLELISM = 16;

  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  private static final int MIN_SALT_BYTES = 8; // RFC 9106 3.1
  private static final int MIN_HASH_BYTES = 16;
  private static final int MAX_BYTES = 64;
  private static final String PREFIX = "$argon2id$v=19$";

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final Parameters parameters;
  private final SecureRandom random;

  /** A hasher with the {@link #FLOOR} parameters. */
  public PasswordHasher() {
    this(FLOOR);
  }

  /**
   * A hasher that makes new hashes with {@code parameters}.
   *
   * @throws IllegalArgumentException when a cost is below the {@link #FLOOR}
   */
  public PasswordHasher(Parameters parameters) {
    this(parameters, true);
  }

  private PasswordHasher(Parameters parameters, boolean checkFloor) {
    if (checkFloor && !parameters.atLeast(FLOOR)) {
      throw new IllegalArgumentException(
          "Argon2id parameters below m=19456, t=2, p=1 are too weak: " + parameters);
    }
    this.parameters = parameters;
    this.random = new SecureRandom();
  }

  /**
   * A hasher below the floor, for tests that count logins rather than measure hashing (package
   * private: nothing outside this package's tests can make one).
   */
  static PasswordHasher belowFloorForTests(Parameters parameters) {
    return new PasswordHasher(parameters, false);
  }

  public Parameters parameters() {
    return parameters;
  }

  /** A new hash of {@code password} with a fresh 16-byte random salt, as a PHC string. */
  public String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return encode(parameters, salt, derive(password, salt, parameters, HASH_BYTES));
  }

  /**
   * Whether {@code password} matches the PHC string {@code stored}. A malformed or unsupported
   * string matches nothing; the hashes are compared in constant time.
   */
  public boolean verify(char[] password, String stored) {
    Phc phc;
    try {
      phc = Phc.parse(stored);
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] actual = derive(password, phc.salt(), phc.parameters(), phc.hash().length);
    return MessageDigest.isEqual(actual, phc.hash());
  }

  /** Whether a hash made elsewhere is a well-formed PHC string at or above the {@link #FLOOR}. */
  public boolean acceptable(String hash) {
    try {
      return Phc.parse(hash).parameters().atLeast(FLOOR);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether a stored hash was made with weaker parameters than this hasher uses now (or cannot be
   * read), so that it should be replaced the next time the password is known.
   */
  public boolean needsRehash(String stored) {
    try {
      Phc phc = Phc.parse(stored);
      return !phc.parameters().atLeast(parameters)
          || phc.salt().length < SALT_BYTES
          || phc.hash().length < HASH_BYTES;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /** The parts of an {@code $argon2id$v=19$…} string. */
  @SuppressWarnings("ArrayRecordComponent") // package-private, used once per verification
  record Phc(Parameters parameters, byte[] salt, byte[] hash) {

    /**
     * Parses a PHC string: Argon2id version 19 only, parameters in the order m, t, p, salt of 8 to
     * 64 bytes and hash of 16 to 64 bytes in unpadded standard Base64.
     *
     * @throws IllegalArgumentException when the string is anything else
     */
    static Phc parse(String s) {
      if (s == null || !s.startsWith(PREFIX)) {
        throw new IllegalArgumentException("not an Argon2id version 19 PHC string");
      }
      String[] parts = s.substring(PREFIX.length()).split("\\$", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException("a PHC string has parameters, salt and hash");
      }
      String[] params = parts[0].split(",", -1);
      if (params.length != 3) {
        throw new IllegalArgumentException("Argon2id parameters are m, t and p");
      }
      Parameters p =
          new Parameters(number(params[0], "m="), number(params[1], "t="), number(params[2], "p="));
      byte[] salt = base64(parts[1], MIN_SALT_BYTES);
      byte[] hash = base64(parts[2], MIN_HASH_BYTES);
      return new Phc(p, salt, hash);
    }

    private static int number(String field, String name) {
      if (!field.startsWith(name)) {
        throw new IllegalArgumentException("expected " + name);
      }
      String digits = field.substring(name.length());
      if (digits.isEmpty()
          || digits.length() > 10
          || !digits.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(name + " is not a decimal number");
      }
      long v = Long.parseLong(digits);
      if (v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " is too large");
      }
      return (int) v;
    }

    private static byte[] base64(String field, int minBytes) {
      if (field.indexOf('=') >= 0) {
        throw new IllegalArgumentException("PHC strings use Base64 without padding");
      }
      byte[] b = B64_DECODER.decode(field); // IllegalArgumentException when malformed
      if (b.length < minBytes || b.length > MAX_BYTES) {
        throw new IllegalArgumentException("salt or hash of " + b.length + " bytes");
      }
      return b;
    }
  }

  static String encode(Parameters p, byte[] salt, byte[] hash) {
    return PREFIX
        + "m="
        + p.memoryKib()
        + ",t="
        + p.iterations()
        + ",p="
        + p.parallelism()
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /** Raw Argon2id version 1.3 (RFC 9106 3) of the UTF-8 encoding of {@code password}. */
  static byte[] derive(char[] password, byte[] salt, Parameters p, int length) {
    Objects.requireNonNull(password, "password");
    byte[] utf8 = utf8(password);
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(
          new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
              .withVersion(Argon2Parameters.ARGON2_VERSION_13)
              .withMemoryAsKB(p.memoryKib())
              .withIterations(p.iterations())
              .withParallelism(p.parallelism())
              .withSalt(salt)
              .build());
      byte[] out = new byte[length];
      generator.generateBytes(utf8, out);
      return out;
    } finally {
      Arrays.fill(utf8, (byte) 0);
    }
  }

  /**
   * UTF-8 without an intermediate {@link String}, which could not be wiped. Unpaired surrogates
   * (which no keyboard produces) are replaced, so every password hashes to something.
   */
  private static byte[] utf8(char[] password) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    byte[] work = new byte[password.length * 3]; // UTF-8 needs at most three bytes per char
    ByteBuffer buffer = ByteBuffer.wrap(work);
    try {
      CoderResult r = encoder.encode(CharBuffer.wrap(password), buffer, true);
      if (r.isError() || r.isOverflow() || encoder.flush(buffer).isOverflow()) {
        throw new IllegalStateException("UTF-8 with replacement cannot fail: " + r);
      }
      return Arrays.copyOf(work, buffer.position());
    } finally {
      Arrays.fill(work, (byte) 0);
    }
  }
}
