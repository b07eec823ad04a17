package ward.archive.storage;

import java.io.IOException;

/**
 * The file system of the object store has less free space than the archive keeps in reserve: new
 * objects are refused before a byte of them is written, so the index and the audit trail, which
 * share the disk, can still commit.
 */
public final class StorageFullException extends IOException {
  private static final long serialVersionUID = 1L;

  public StorageFullException(long usableBytes, long reserveBytes) {
    super(
        "storage full: "
            + usableBytes / (1 << 20)
            + " MB free, "
            + reserveBytes / (1 << 20)
            + " MB kept in reserve (storage.reserve-mb)");
  }
}
