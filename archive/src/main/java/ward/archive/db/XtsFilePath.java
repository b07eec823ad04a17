package ward.archive.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
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

  private byte[] key() throws IOException {
    Path file = Path.of(getBase().toString()).toAbsolutePath().normalize();
    byte[] key = file.getParent() == null ? null : KEYS.get(file.getParent());
    if (key == null) {
      throw new IOException("no index key is registered for " + file.getParent());
    }
    return key;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    FileChannel base = getBase().open(mode);
    try {
      return new XtsFile(name, key(), base);
    } catch (IOException | RuntimeException e) {
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
