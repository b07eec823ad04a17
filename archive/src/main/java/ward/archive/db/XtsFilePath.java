package ward.archive.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * The embedded database's files encrypted with {@link XtsFile}, as an H2 file system: a database
 * URL {@code jdbc:h2:wardxts:/DIR/NAME} keeps every file it makes (the store, temporary results)
 * encrypted under the key {@link #register registered} for {@code DIR}. The key never appears in
 * the URL, so it cannot reach a log or an error message.
 */
public final class XtsFilePath extends FilePathWrapper {
  static final String SCHEME = "wardxts";

  private static final Map<Path, byte[]> KEYS = new ConcurrentHashMap<>();
  private static final Map<Path, Set<XtsFile>> OPEN = new ConcurrentHashMap<>();

  static {
    FilePath.register(new XtsFilePath());
  }

  /** For H2, which makes one instance per path by reflection. */
  public XtsFilePath() {}

  /** Makes the files under {@code dir} open with {@code key}; returns the URL path prefix. */
  static String register(Path dir, byte[] key) {
    KEYS.put(dir.toAbsolutePath().normalize(), key.clone());
    return SCHEME + ":";
  }

  /** Forgets the key of {@code dir} once its database is closed. */
  static void unregister(Path dir) {
    byte[] key = KEYS.remove(dir.toAbsolutePath().normalize());
    if (key != null) {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Forces the store of the database in {@code dir} (open for writing) to the disk, its data and
   * its size: what a commit wrote survives a power failure.
   */
  static void force(Path dir) throws IOException {
    Set<XtsFile> files = OPEN.get(dir.toAbsolutePath().normalize());
    if (files != null) {
      for (XtsFile f : files) {
        f.force(false);
      }
    }
  }

  private Path directory() {
    return Path.of(getBase().toString()).toAbsolutePath().normalize().getParent();
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    Path dir = directory();
    byte[] key = dir == null ? null : KEYS.get(dir);
    if (key == null) {
      throw new IOException("no index key is registered for " + dir);
    }
    FileChannel base = getBase().open(mode);
    try {
      if (mode.equals("r") || !name.endsWith(".mv.db")) {
        // read only, or temporary (results spilled to disk): nothing to sync
        return new XtsFile(name, key, base, f -> {});
      }
      Set<XtsFile> open = OPEN.computeIfAbsent(dir, d -> ConcurrentHashMap.newKeySet());
      XtsFile file = new XtsFile(name, key, base, open::remove);
      open.add(file);
      return file;
    } catch (RuntimeException e) {
      base.close();
      throw e;
    }
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public long size() {
    return XtsFile.logicalSize(getBase().size());
  }

  @Override
  public OutputStream newOutputStream(boolean append) throws IOException {
    return newFileChannelOutputStream(open("rw"), append);
  }

  @Override
  public InputStream newInputStream() throws IOException {
    return Channels.newInputStream(open("r"));
  }
}
