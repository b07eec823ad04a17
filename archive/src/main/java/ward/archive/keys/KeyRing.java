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
 * ({@link #rewrapIndexKey}, {@link DataKeys#rewrap}), {@link #retireInactive} removes the old key
 * files. Backups of the data directory must include this directory, kept apart from the objects.
 */
public final class KeyRing {
  private static final Pattern KEK_FILE = Pattern.compile("kek-([1-9][0-9]{0,8})\\.key");
  private static final String INDEX_KEY_FILE = "index.key";
  private static final byte[] INDEX_CONTEXT =
      "ward index file key".getBytes(StandardCharsets.UTF_8);
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
    Path file = dir.resolve(INDEX_KEY_FILE);
    if (!Files.exists(file)) {
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      writeIndexKey(key);
      return HexFormat.of().formatHex(key);
    }
    return HexFormat.of().formatHex(readIndexKey(file));
  }

  /** Wraps the index's file key with the active key (after {@link #rotate}). */
  public void rewrapIndexKey() throws IOException {
    Path file = dir.resolve(INDEX_KEY_FILE);
    if (Files.exists(file)) {
      writeIndexKey(readIndexKey(file));
    }
  }

  private byte[] readIndexKey(Path file) throws IOException {
    if (PrivateFiles.exposed(file)) {
      throw new IOException(file + " may be read by others than its owner; it must have mode 0600");
    }
    String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
    KeyEncryptionKey k = parts.length == 2 ? get(parts[0]) : null;
    if (k == null) {
      throw new IOException(
          file + " is wrapped by a key-encryption key this directory does not hold: " + parts[0]);
    }
    try {
      return k.unwrap(Base64.getDecoder().decode(parts[1]), INDEX_CONTEXT);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + " does not unwrap with " + k.id() + ": it was changed", e);
    }
  }

  private void writeIndexKey(byte[] key) throws IOException {
    KeyEncryptionKey k = active();
    byte[] wrapped;
    try {
      wrapped = k.wrap(key, INDEX_CONTEXT);
    } catch (GeneralSecurityException e) {
      throw new IOException("could not wrap the index key", e);
    }
    PrivateFiles.writePrivate(
        dir.resolve(INDEX_KEY_FILE),
        (k.id() + " " + Base64.getEncoder().encodeToString(wrapped) + "\n")
            .getBytes(StandardCharsets.US_ASCII));
  }
}
