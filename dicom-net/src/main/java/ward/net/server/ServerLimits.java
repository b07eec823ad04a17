package ward.net.server;

import ward.net.Association;

/**
 * The bounds a {@link DicomServer} keeps, whatever its peers do.
 *
 * @param maxAssociations associations open at once, all peers together; each holds one thread, and
 *     one more while a C-FIND, C-GET or C-MOVE runs
 * @param maxAssociationsPerPeer associations open at once from one IP address
 * @param association PDU size, ARTIM and idle bounds of each association; the idle bound also
 *     applies to a peer that stops reading what the server sends
 * @param maxDataSetBytes the largest data set a C-STORE may send; a larger one aborts the
 *     association
 * @param maxIdentifierBytes the largest C-FIND, C-GET or C-MOVE identifier
 * @param connectTimeoutMillis how long to wait for a C-MOVE destination to answer the connection
 */
public record ServerLimits(
    int maxAssociations,
    int maxAssociationsPerPeer,
    Association.Limits association,
    long maxDataSetBytes,
    int maxIdentifierBytes,
    int connectTimeoutMillis) {

  public static final ServerLimits DEFAULT =
      new ServerLimits(64, 16, Association.Limits.DEFAULT, 8L << 30, 1 << 20, 10_000);

  public ServerLimits {
    if (maxAssociations < 1 || maxAssociationsPerPeer < 1) {
      throw new IllegalArgumentException("association limits must be at least 1");
    }
    if (association == null || maxDataSetBytes < 1 || maxIdentifierBytes < 1) {
      throw new IllegalArgumentException("size limits must be positive");
    }
    if (association.idleMillis() < 1 || association.artimMillis() < 1) {
      throw new IllegalArgumentException("ARTIM and idle timeouts must be set");
    }
    if (connectTimeoutMillis < 1) {
      throw new IllegalArgumentException("connect timeout must be positive");
    }
  }

  public ServerLimits withAssociations(int max, int perPeer) {
    return new ServerLimits(
        max, perPeer, association, maxDataSetBytes, maxIdentifierBytes, connectTimeoutMillis);
  }

  public ServerLimits withAssociation(Association.Limits limits) {
    return new ServerLimits(
        maxAssociations,
        maxAssociationsPerPeer,
        limits,
        maxDataSetBytes,
        maxIdentifierBytes,
        connectTimeoutMillis);
  }

  public ServerLimits withMaxDataSetBytes(long max) {
    return new ServerLimits(
        maxAssociations,
        maxAssociationsPerPeer,
        association,
        max,
        maxIdentifierBytes,
        connectTimeoutMillis);
  }
}
