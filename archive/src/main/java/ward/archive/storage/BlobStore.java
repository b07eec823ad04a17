package ward.archive.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where stored objects live: a local directory now, an S3-compatible bucket later. Objects are
 * written once, read many times and deleted whole; a written object becomes visible only when
 * {@link BlobWriter#commit} returns, and is then durable.
 */
public interface BlobStore {

  /** Starts a new object under a fresh random key. */
  BlobWriter create() throws IOException;

  /** Opens a committed object. */
  InputStream open(BlobKey key) throws IOException;

  /** The size of a committed object in bytes. */
  long size(BlobKey key) throws IOException;

  boolean exists(BlobKey key) throws IOException;

  /** Deletes an object; deleting a missing one is not an error. */
  void delete(BlobKey key) throws IOException;
}
