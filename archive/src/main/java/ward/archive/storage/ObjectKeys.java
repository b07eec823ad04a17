package ward.archive.storage;

import java.io.IOException;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Where the data keys of encrypted objects are kept, apart from the objects themselves (in the
 * archive's database, wrapped by a key-encryption key), so that destroying an object's key makes
 * every copy of the object unreadable, backups included.
 */
public interface ObjectKeys {

  /** Keeps {@code key} as the data key of {@code object}, durably. */
  void store(BlobKey object, SecretKey key) throws IOException;

  /** The data key of {@code object}, or empty when there is none (destroyed, or never stored). */
  Optional<SecretKey> find(BlobKey object) throws IOException;

  /** Destroys the data key of {@code object}; destroying a missing one is not an error. */
  void destroy(BlobKey object) throws IOException;
}
