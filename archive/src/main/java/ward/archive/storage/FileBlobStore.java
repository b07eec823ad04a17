package ward.archive.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Objects as files under one directory: {@code objects/ab/cd/abcd…} by their random key. A new
 * object is written to {@code incoming/}, forced to disk, renamed into place and the directory
 * forced, so after a crash an object is either complete under its name or not there at all.
 * Leftovers in {@code incoming/} are removed at start. A new object is refused while the file
 * system has less free space than the reserve, so that a full disk stops ingest cleanly instead of
 * starving the database that shares it.
 */
public final class FileBlobStore implements BlobStore {
  private final Path objects;
  private final Path incoming;
  private final FileStore fileSystem;
  private final long reserveBytes;

  /** A store that writes until the file system is full (for tools that only read and delete). */
  public FileBlobStore(Path root) throws IOException {
    this(root, 0);
  }

  /**
   * @param reserveBytes free space that new objects may not take: {@link #create} fails with {@link
   *     StorageFullException} below it
   */
  public FileBlobStore(Path root, long reserveBytes) throws IOException {
    if (reserveBytes < 0) {
      throw new IllegalArgumentException("negative reserve");
    }
    this.objects = Files.createDirectories(root.resolve("objects"));
    this.incoming = Files.createDirectories(root.resolve("incoming"));
    this.fileSystem = Files.getFileStore(incoming);
    this.reserveBytes = reserveBytes;
    try (var leftovers = Files.newDirectoryStream(incoming)) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Path path(BlobKey key) {
    String k = key.value();
    return objects.resolve(k.substring(0, 2)).resolve(k.substring(2, 4)).resolve(k);
  }

  @Override
  public BlobWriter create() throws IOException {
    if (reserveBytes > 0) {
      long usable = fileSystem.getUsableSpace();
      if (usable < reserveBytes) {
        throw new StorageFullException(usable, reserveBytes);
      }
    }
    BlobKey key = BlobKey.random();
    Path temp = incoming.resolve(key.value());
    FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new FileWriter(key, temp, channel);
  }

  @Override
  public InputStream open(BlobKey key) throws IOException {
    return Files.newInputStream(path(key));
  }

  @Override
  public long size(BlobKey key) throws IOException {
    return Files.size(path(key));
  }

  @Override
  public boolean exists(BlobKey key) {
    return Files.isRegularFile(path(key));
  }

  @Override
  public void delete(BlobKey key) throws IOException {
    Files.deleteIfExists(path(key));
  }

  private final class FileWriter implements BlobWriter {
    private final BlobKey key;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean committed;
    private boolean closed;
    private long size;

    FileWriter(BlobKey key, Path temp, FileChannel channel) {
      this.key = key;
      this.temp = temp;
      this.channel = channel;
      this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    @Override
    public BlobKey key() {
      return key;
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    @Override
    public long commit() throws IOException {
      return seal();
    }

    @Override
    public long seal() throws IOException {
      if (committed) {
        return size;
      }
      stream.flush();
      channel.force(true);
      long size = channel.size();
      channel.close();
      closed = true;
      Path target = path(key);
      Path dir = Files.createDirectories(target.getParent());
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the object store needs atomic renames: " + e.getMessage(), e);
      }
      forceDirectory(dir);
      committed = true;
      this.size = size;
      return size;
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        channel.close();
      }
      if (!committed) {
        try {
          Files.deleteIfExists(temp);
        } catch (NoSuchFileException e) {
          // already gone
        }
      }
    }
  }

  /** Forces a directory's entries to disk, so a rename survives a crash (POSIX file systems). */
  static void forceDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
