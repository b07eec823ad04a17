package ward.archive.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import ward.archive.db.Transactions;
import ward.archive.storage.BlobKey;
import ward.archive.storage.ObjectKeys;

/**
 * The data keys of stored objects, in the archive's database (table {@code object_key}), each
 * wrapped by a key-encryption key of the {@link KeyRing} with the object's name as context: a
 * wrapped key copied to another row does not unwrap. Destroying a row is crypto-shredding.
 */
public final class DataKeys implements ObjectKeys {
  private static final int REWRAP_BATCH = 500;

  private final DataSource db;
  private final Transactions tx;
  private final KeyRing ring;

  public DataKeys(DataSource db, KeyRing ring) {
    this(Transactions.direct(db), ring);
  }

  /** Data keys kept through {@code tx}: a key stored inside a unit of work commits with it. */
  public DataKeys(Transactions tx, KeyRing ring) {
    this.db = tx.dataSource();
    this.tx = tx;
    this.ring = ring;
  }

  private static byte[] context(BlobKey object) {
    return ("ward object " + object.value()).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void store(BlobKey object, SecretKey key) throws IOException {
    KeyEncryptionKey kek = ring.active();
    String wrapped = wrap(kek, object, key.getEncoded());
    try {
      tx.run(
          c -> {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO object_key (blob_key, kek_id, wrapped_key) VALUES (?, ?, ?)")) {
              s.setString(1, object.value());
              s.setString(2, kek.id());
              s.setString(3, wrapped);
              return s.executeUpdate();
            }
          });
    } catch (SQLException e) {
      throw new IOException("could not keep the data key of " + object + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<SecretKey> find(BlobKey object) throws IOException {
    String kekId;
    String wrapped;
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT kek_id, wrapped_key FROM object_key WHERE blob_key = ?")) {
      s.setString(1, object.value());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        kekId = r.getString(1);
        wrapped = r.getString(2);
      }
    } catch (SQLException e) {
      throw new IOException("could not read the data key of " + object + ": " + e.getMessage(), e);
    }
    return Optional.of(new SecretKeySpec(unwrap(kekId, object, wrapped), "AES"));
  }

  @Override
  public void destroy(BlobKey object) throws IOException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM object_key WHERE blob_key = ?")) {
      s.setString(1, object.value());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IOException(
          "could not destroy the data key of " + object + ": " + e.getMessage(), e);
    }
  }

  /**
   * Wraps every data key not wrapped by the active key-encryption key anew with it, in batches; the
   * objects are not rewritten. Returns how many keys were wrapped anew.
   */
  public long rewrap() throws IOException {
    KeyEncryptionKey active = ring.active();
    long total = 0;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      while (true) {
        List<String[]> batch = new ArrayList<>();
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT blob_key, kek_id, wrapped_key FROM object_key WHERE kek_id <> ?"
                    + " ORDER BY blob_key FETCH FIRST "
                    + REWRAP_BATCH
                    + " ROWS ONLY")) {
          s.setString(1, active.id());
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              batch.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
            }
          }
        }
        if (batch.isEmpty()) {
          break;
        }
        try (PreparedStatement u =
            c.prepareStatement(
                "UPDATE object_key SET kek_id = ?, wrapped_key = ? WHERE blob_key = ?")) {
          for (String[] row : batch) {
            BlobKey object = new BlobKey(row[0]);
            byte[] key = unwrap(row[1], object, row[2]);
            u.setString(1, active.id());
            u.setString(2, wrap(active, object, key));
            u.setString(3, row[0]);
            u.addBatch();
          }
          u.executeBatch();
        }
        c.commit();
        total += batch.size();
      }
    } catch (SQLException e) {
      throw new IOException("could not wrap the data keys anew: " + e.getMessage(), e);
    }
    return total;
  }

  /** How many data keys each key-encryption key wraps. */
  public List<String> census() throws IOException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT kek_id, COUNT(*) FROM object_key GROUP BY kek_id ORDER BY kek_id");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(r.getString(1) + " " + r.getLong(2));
      }
    } catch (SQLException e) {
      throw new IOException("could not count the data keys: " + e.getMessage(), e);
    }
    return out;
  }

  private static String wrap(KeyEncryptionKey kek, BlobKey object, byte[] key) throws IOException {
    try {
      return Base64.getEncoder().encodeToString(kek.wrap(key, context(object)));
    } catch (GeneralSecurityException e) {
      throw new IOException("could not wrap the data key of " + object, e);
    }
  }

  private byte[] unwrap(String kekId, BlobKey object, String wrapped) throws IOException {
    KeyEncryptionKey kek = ring.get(kekId);
    if (kek == null) {
      throw new IOException(
          "the data key of " + object + " is wrapped by " + kekId + ", which is not held");
    }
    try {
      return kek.unwrap(Base64.getDecoder().decode(wrapped), context(object));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("the data key of " + object + " does not unwrap: it was changed", e);
    }
  }
}
