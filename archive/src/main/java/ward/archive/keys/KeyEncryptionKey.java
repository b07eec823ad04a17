package ward.archive.keys;

import java.security.GeneralSecurityException;

/**
 * A key that wraps other keys (the data keys of stored objects, the index's file key) and is held
 * outside the database. {@link FileKeyEncryptionKey} keeps it in a file with restricted
 * permissions; an external key manager implements this interface instead.
 */
public interface KeyEncryptionKey {

  /** A name for this key, recorded beside everything it wraps (letters, digits, '-'). */
  String id();

  /**
   * Wraps {@code key}; {@code context} names what the key is for and must be given again to unwrap
   * it, so a wrapped key moved to another object does not unwrap.
   */
  byte[] wrap(byte[] key, byte[] context) throws GeneralSecurityException;

  /**
   * Unwraps what {@link #wrap} made with the same context.
   *
   * @throws GeneralSecurityException when the wrapped key was changed or belongs elsewhere
   */
  byte[] unwrap(byte[] wrapped, byte[] context) throws GeneralSecurityException;
}
