package ward.archive.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** An object being written. Closing it without {@link #commit} discards it. */
public interface BlobWriter extends Closeable {

  BlobKey key();

  /** Where the object's bytes go; do not close it. */
  OutputStream stream();

  /** Makes the object durable and visible under {@link #key()}; returns its size. */
  long commit() throws IOException;

  /** Discards what was written if it was not committed. */
  @Override
  void close() throws IOException;
}
