package ward.archive.storage;

import java.io.IOException;

/**
 * A stored object failed its integrity check: authenticated decryption refused it, or its content
 * differs from the digest recorded at ingest. Nothing of the refused part was returned.
 */
public final class TamperedObjectException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient BlobKey object;

  public TamperedObjectException(BlobKey object, String message) {
    super("object " + object + " " + message);
    this.object = object;
  }

  public TamperedObjectException(BlobKey object, String message, Throwable cause) {
    super("object " + object + " " + message, cause);
    this.object = object;
  }

  public BlobKey object() {
    return object;
  }
}
