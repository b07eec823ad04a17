package ward.archive.db;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.h2.store.fs.FileBaseDefault;

/**
 * A file of the embedded database encrypted with {@link Xts}, as the database sees it: reads and
 * writes at any position and length, whole sectors underneath.
 *
 * <pre>
 *   sector 0  "WARDXTS1", a 32-byte random salt, a 16-byte key check; the rest zero (clear text)
 *   then      the file's sectors, each encrypted as sector number i (from 0)
 *   then      when the file's size is not a whole number of sectors, as many zero bytes as its
 *             last sector holds, so that the size is known without reading anything
 * </pre>
 *
 * The data and tweak keys are HMAC-SHA-256 of the salt under the index key, each with a label of
 * its own; the key check is a third, so a wrong key is refused before any page is read.
 */
final class XtsFile extends FileBaseDefault {
  static final int HEADER = Xts.SECTOR;
  static final byte[] MAGIC = "WARDXTS1".getBytes(StandardCharsets.US_ASCII);
  private static final int SALT_AT = MAGIC.length;
  private static final int SALT_BYTES = 32;
  private static final int CHECK_AT = SALT_AT + SALT_BYTES;
  private static final int CHECK_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String name;
  private final FileChannel base;
  private final Consumer<XtsFile> onClose;
  private byte[] indexKey;
  private Xts xts;
  private long size;

  XtsFile(String name, byte[] indexKey, FileChannel base) {
    this(name, indexKey, base, f -> {});
  }

  /** A file that tells {@code onClose} when it is closed. */
  XtsFile(String name, byte[] indexKey, FileChannel base, Consumer<XtsFile> onClose) {
    // Nothing is read or written yet: the database may lock the file first.
    this.name = name;
    this.indexKey = indexKey.clone();
    this.base = base;
    this.onClose = onClose;
  }

  /** The size of a file as the database sees it, from the size of the file on disk. */
  static long logicalSize(long physical) {
    long body = Math.max(0, physical - HEADER);
    return body % Xts.SECTOR == 0 ? body : Math.max(0, body - Xts.SECTOR);
  }

  private Xts xts() throws IOException {
    if (xts != null) {
      return xts;
    }
    long physical = base.size();
    byte[] header = new byte[HEADER];
    byte[] salt;
    if (physical == 0) {
      salt = new byte[SALT_BYTES];
      RANDOM.nextBytes(salt);
      System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
      System.arraycopy(salt, 0, header, SALT_AT, SALT_BYTES);
      System.arraycopy(derive("ward index check", salt), 0, header, CHECK_AT, CHECK_BYTES);
      writeFully(ByteBuffer.wrap(header), 0);
      size = 0;
    } else {
      if (physical < HEADER) {
        throw new IOException(name + " is too short to be an encrypted database file");
      }
      readFully(ByteBuffer.wrap(header), 0);
      if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
        throw new IOException(name + " is not an encrypted database file of this kind");
      }
      salt = Arrays.copyOfRange(header, SALT_AT, SALT_AT + SALT_BYTES);
      byte[] check = Arrays.copyOf(derive("ward index check", salt), CHECK_BYTES);
      if (!MessageDigest.isEqual(check, Arrays.copyOfRange(header, CHECK_AT, CHECK_AT + 16))) {
        throw new IOException("the index key does not open " + name);
      }
      size = logicalSize(physical);
    }
    try {
      xts = new Xts(derive("ward index data", salt), derive("ward index tweak", salt));
    } catch (GeneralSecurityException e) {
      throw new IOException("AES-256 is not available: " + e.getMessage(), e);
    }
    Arrays.fill(indexKey, (byte) 0);
    indexKey = null;
    return xts;
  }

  private byte[] derive(String label, byte[] salt) throws IOException {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(indexKey, "HmacSHA256"));
      mac.update(label.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 0);
      return mac.doFinal(salt);
    } catch (GeneralSecurityException e) {
      throw new IOException("HMAC-SHA-256 is not available: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized int read(ByteBuffer dst, long position) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position);
    }
    Xts cipher = xts();
    if (dst.remaining() == 0) {
      return 0;
    }
    if (position >= size) {
      return -1;
    }
    int len = (int) Math.min(dst.remaining(), size - position);
    long first = position / Xts.SECTOR;
    long last = (position + len - 1) / Xts.SECTOR;
    byte[] sectors = new byte[(int) (last - first + 1) * Xts.SECTOR];
    readFully(ByteBuffer.wrap(sectors), HEADER + first * Xts.SECTOR);
    for (int i = 0; i < sectors.length; i += Xts.SECTOR) {
      cipher.decrypt(first + i / Xts.SECTOR, sectors, i);
    }
    dst.put(sectors, (int) (position - first * Xts.SECTOR), len);
    return len;
  }

  @Override
  public synchronized int write(ByteBuffer src, long position) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position);
    }
    Xts cipher = xts();
    int len = src.remaining();
    if (len == 0) {
      return 0;
    }
    long first = position / Xts.SECTOR;
    long last = (position + len - 1) / Xts.SECTOR;
    byte[] sectors = new byte[(int) (last - first + 1) * Xts.SECTOR];
    int offset = (int) (position - first * Xts.SECTOR);
    // Sectors the write covers only in part keep the rest of what they held.
    if (offset != 0 && first * Xts.SECTOR < size) {
      readSector(cipher, first, sectors, 0);
    }
    int tail = (int) ((position + len) % Xts.SECTOR);
    boolean lastRead = last == first && offset != 0 && first * Xts.SECTOR < size;
    if (tail != 0 && !lastRead && last * Xts.SECTOR < size) {
      readSector(cipher, last, sectors, sectors.length - Xts.SECTOR);
    }
    src.get(sectors, offset, len);
    for (int i = 0; i < sectors.length; i += Xts.SECTOR) {
      cipher.encrypt(first + i / Xts.SECTOR, sectors, i);
    }
    writeFully(ByteBuffer.wrap(sectors), HEADER + first * Xts.SECTOR);
    if (position + len > size) {
      size = position + len;
    }
    markSize();
    return len;
  }

  private void readSector(Xts cipher, long n, byte[] into, int at) throws IOException {
    readFully(ByteBuffer.wrap(into, at, Xts.SECTOR), HEADER + n * Xts.SECTOR);
    cipher.decrypt(n, into, at);
  }

  /** Makes the size on disk say the size (see the layout). */
  private void markSize() throws IOException {
    long sectors = (size + Xts.SECTOR - 1) / Xts.SECTOR;
    int partial = (int) (size % Xts.SECTOR);
    long expected = HEADER + sectors * Xts.SECTOR + partial;
    long physical = base.size();
    if (physical > expected) {
      base.truncate(expected);
    } else if (physical < expected) {
      long from = Math.max(physical, HEADER + sectors * Xts.SECTOR);
      writeFully(ByteBuffer.allocate((int) (expected - from)), from);
    }
  }

  @Override
  public synchronized long size() throws IOException {
    xts();
    return size;
  }

  @Override
  protected synchronized void implTruncate(long newSize) throws IOException {
    if (newSize < 0) {
      throw new IllegalArgumentException("negative size " + newSize);
    }
    xts();
    if (newSize >= size) {
      return;
    }
    size = newSize;
    base.truncate(HEADER + (newSize + Xts.SECTOR - 1) / Xts.SECTOR * Xts.SECTOR);
    markSize();
  }

  private void readFully(ByteBuffer dst, long at) throws IOException {
    while (dst.hasRemaining()) {
      int n = base.read(dst, at);
      if (n < 0) {
        throw new EOFException(name + " ends inside a sector");
      }
      at += n;
    }
  }

  private void writeFully(ByteBuffer src, long at) throws IOException {
    while (src.hasRemaining()) {
      at += base.write(src, at);
    }
  }

  @Override
  public void force(boolean metaData) throws IOException {
    base.force(metaData);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return base.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    onClose.accept(this);
    base.close();
  }

  @Override
  public String toString() {
    return name;
  }
}
