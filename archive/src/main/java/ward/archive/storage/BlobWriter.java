package ward.archive.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** An object being written. Closing it without {@link #commit} discards it. */
public interface BlobWriter extends Closeable {

  BlobKey key();

  /** Where the object's bytes go; do not close it. */
  OutputStream stream();

  /**
   * Makes the object's bytes durable; returns its size. What makes it readable (for an encrypted
   * store, keeping its data key) is left to {@link #commit}, so that it can join the transaction
   * that indexes the object. Sealing twice returns the same size.
   */
  long seal() throws IOException;

  /** Seals the object if it is not yet, and makes it visible under {@link #key()}; its size. */
  long commit() throws IOException;

  /** Discards what was written if it was not committed. */
  @Override
  void close() throws IOException;
}
