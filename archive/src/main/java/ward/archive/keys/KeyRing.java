package ward.archive.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key-encryption keys of a data directory, kept outside the database in {@code DATA/keys/}:
 * {@code kek-N.key} files (256 random bits in hex, mode 0600, in a directory of mode 0700), the
 * highest N being the active key that wraps new keys. A key file readable by group or others is
 * refused. The index's file key (the password of the embedded database's AES file encryption) is
 * kept there too, wrapped by the active key, in {@code index.key}.
 *
 * <p>Rotation ({@link #rotate}) adds a new active key; once everything it wraps is wrapped anew
 * ({@link #rewrapSecrets}, {@link DataKeys#rewrap}), {@link #retireInactive} removes the old key
 * files. Backups of the data directory must include this directory, kept apart from the objects.
 */
public final class KeyRing {
  private static final Pattern KEK_FILE = Pattern.compile("kek-([1-9][0-9]{0,8})\\.key");
  private static final String INDEX_KEY_FILE = "index.key";
  private static final byte[] INDEX_CONTEXT =
      "ward index file key".getBytes(StandardCharsets.UTF_8);
  private static final String PSEUDONYM_KEY_FILE = "pseudonym.key";
  private static final byte[] PSEUDONYM_CONTEXT =
      "ward pseudonym key".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final TreeMap<Integer, KeyEncryptionKey> keys;

  private KeyRing(Path dir, TreeMap<Integer, KeyEncryptionKey> keys) {
    this.dir = dir;
    this.keys = keys;
  }

  /** Opens the key directory, creating it and a first key-encryption key when it is new. */
  public static KeyRing open(Path dir) throws IOException {
    boolean fresh = !Files.isDirectory(dir);
    PrivateFiles.privateDirectory(dir);
    TreeMap<Integer, KeyEncryptionKey> keys = load(dir);
    KeyRing ring = new KeyRing(dir, keys);
    if (keys.isEmpty()) {
      if (!fresh && Files.exists(dir.resolve(INDEX_KEY_FILE))) {
        throw new IOException(
            dir
                + " holds a wrapped index key but no key-encryption key: restore the kek-N.key"
                + " files from the key backup");
      }
      ring.add(1);
    }
    return ring;
  }

  private static TreeMap<Integer, KeyEncryptionKey> load(Path dir) throws IOException {
    TreeMap<Integer, KeyEncryptionKey> keys = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "kek-*.key")) {
      for (Path f : files) {
        Matcher m = KEK_FILE.matcher(f.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        if (PrivateFiles.exposed(f)) {
          throw new IOException(
              f + " may be read by others than its owner; a key file must have mode 0600");
        }
        String hex = Files.readString(f, StandardCharsets.US_ASCII).strip();
        byte[] key;
        try {
          key = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
          throw new IOException(f + " is not a key file (64 hex digits expected)", e);
        }
        if (key.length != FileKeyEncryptionKey.KEY_BYTES) {
          throw new IOException(f + " is not a key file (64 hex digits expected)");
        }
        int n = Integer.parseInt(m.group(1));
        keys.put(n, new FileKeyEncryptionKey(id(n), key));
      }
    }
    return keys;
  }

  private static String id(int n) {
    return "kek-" + n;
  }

  private KeyEncryptionKey add(int n) throws IOException {
    byte[] key = new byte[FileKeyEncryptionKey.KEY_BYTES];
    RANDOM.nextBytes(key);
    PrivateFiles.writePrivate(
        dir.resolve(id(n) + ".key"),
        (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
    KeyEncryptionKey k = new FileKeyEncryptionKey(id(n), key);
    keys.put(n, k);
    return k;
  }

  /** The key that wraps new keys. */
  public KeyEncryptionKey active() {
    return keys.lastEntry().getValue();
  }

  /** The key named {@code id}, or null when this ring does not hold it (any longer). */
  public KeyEncryptionKey get(String id) {
    for (KeyEncryptionKey k : keys.values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    return null;
  }

  /** The names of every key held, oldest first. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (KeyEncryptionKey k : keys.values()) {
      ids.add(k.id());
    }
    return ids;
  }

  /** Adds a new key-encryption key and makes it the active one; returns its name. */
  public String rotate() throws IOException {
    return add(keys.lastKey() + 1).id();
  }

  /**
   * Removes the key files of every key but the active one. Call it only once everything they
   * wrapped is wrapped by the active key, or what they wrapped is lost.
   */
  public void retireInactive() throws IOException {
    List<Integer> old = new ArrayList<>(keys.headMap(keys.lastKey()).keySet());
    for (int n : old) {
      Files.deleteIfExists(dir.resolve(id(n) + ".key"));
      keys.remove(n);
    }
    PrivateFiles.forceDirectory(dir);
  }

  /**
   * Whether the key directory {@code dir} holds an index file key: a data directory whose database
   * was made without encryption at rest has a database but no such key.
   */
  public static boolean holdsIndexKey(Path dir) {
    return Files.exists(dir.resolve(INDEX_KEY_FILE));
  }

  /**
   * The file key of the embedded index database (64 hex digits), made on first use and kept wrapped
   * by the active key.
   */
  public String indexKey() throws IOException {
    return HexFormat.of().formatHex(secret(INDEX_KEY_FILE, INDEX_CONTEXT));
  }

  /**
   * The key of the keyed pseudonyms that replace identifiers at ingest (256 bits), made on first
   * use and kept wrapped by the active key.
   */
  public byte[] pseudonymKey() throws IOException {
    return secret(PSEUDONYM_KEY_FILE, PSEUDONYM_CONTEXT);
  }

  /** Wraps the index key and the pseudonym key with the active key (after {@link #rotate}). */
  public void rewrapSecrets() throws IOException {
    rewrap(dir.resolve(INDEX_KEY_FILE), INDEX_CONTEXT);
    rewrap(dir.resolve(PSEUDONYM_KEY_FILE), PSEUDONYM_CONTEXT);
  }

  private void rewrap(Path file, byte[] context) throws IOException {
    if (Files.exists(file)) {
      writeSecret(file, readSecret(file, context), context);
    }
  }

  /** Wraps {@code plain} with the active key; the result names the key. */
  public String seal(byte[] plain, byte[] context) throws IOException {
    KeyEncryptionKey k = active();
    try {
      return k.id() + " " + Base64.getEncoder().encodeToString(k.wrap(plain, context));
    } catch (GeneralSecurityException e) {
      throw new IOException("could not wrap with " + k.id(), e);
    }
  }

  /** Unwraps what {@link #seal} made with the same context. */
  public byte[] open(String sealed, byte[] context) throws IOException {
    String[] parts = sealed.strip().split(" ");
    KeyEncryptionKey k = parts.length == 2 ? get(parts[0]) : null;
    if (k == null) {
      throw new IOException("sealed by a key-encryption key this directory does not hold");
    }
    try {
      return k.unwrap(Base64.getDecoder().decode(parts[1]), context);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("does not unwrap with " + k.id() + ": it was changed", e);
    }
  }

  private byte[] secret(String name, byte[] context) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.exists(file)) {
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      writeSecret(file, key, context);
      return key;
    }
    return readSecret(file, context);
  }

  private byte[] readSecret(Path file, byte[] context) throws IOException {
    if (PrivateFiles.exposed(file)) {
      throw new IOException(file + " may be read by others than its owner; it must have mode 0600");
    }
    try {
      return open(Files.readString(file, StandardCharsets.US_ASCII), context);
    } catch (IOException e) {
      throw new IOException(file + " " + e.getMessage(), e);
    }
  }

  private void writeSecret(Path file, byte[] key, byte[] context) throws IOException {
    PrivateFiles.writePrivate(
        file, (seal(key, context) + "\n").getBytes(StandardCharsets.US_ASCII));
  }
}
