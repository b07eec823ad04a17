package ward.archive.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import ward.archive.storage.BlobKey;
import ward.archive.storage.BlobStore;
import ward.archive.storage.BlobWriter;

/**
 * Objects refused for what they carry (an executable preamble), kept byte for byte as they arrived
 * for whoever investigates: in the blob store (so encrypted like every object) under a random key,
 * listed in the table {@code quarantine}, never indexed and never served by any protocol.
 */
public final class Quarantine {

  /** One quarantined object. The UIDs are as the sender's file meta information named them. */
  public record Entry(
      BlobKey object,
      Instant receivedAt,
      String source,
      String sopClassUid,
      String sopInstanceUid,
      String reason,
      long size) {}

  private final DataSource db;
  private final BlobStore blobs;
  private final Clock clock;

  public Quarantine(DataSource db, BlobStore blobs, Clock clock) {
    this.db = Objects.requireNonNull(db);
    this.blobs = Objects.requireNonNull(blobs);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Keeps {@code head} followed by the rest of the stream; returns what was recorded. */
  Entry keep(
      byte[] head,
      InputStream rest,
      String source,
      String sopClassUid,
      String sopInstanceUid,
      String reason)
      throws IOException {
    try (BlobWriter w = blobs.create()) {
      new SequenceInputStream(new ByteArrayInputStream(head), rest).transferTo(w.stream());
      long size = w.commit();
      Entry e =
          new Entry(
              w.key(),
              clock.instant(),
              clip(source),
              clip(sopClassUid),
              clip(sopInstanceUid),
              reason,
              size);
      try (Connection c = db.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO quarantine (blob_key, received_at, source, sop_class_uid,"
                      + " sop_instance_uid, reason, object_size) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, e.object().value());
        s.setTimestamp(2, Timestamp.from(e.receivedAt()));
        s.setString(3, e.source());
        s.setString(4, e.sopClassUid());
        s.setString(5, e.sopInstanceUid());
        s.setString(6, e.reason());
        s.setLong(7, e.size());
        s.executeUpdate();
      } catch (SQLException ex) {
        blobs.delete(w.key());
        throw new IOException("could not record the quarantined object: " + ex.getMessage(), ex);
      }
      return e;
    }
  }

  /** Everything in quarantine, oldest first. */
  public List<Entry> list() throws IOException {
    List<Entry> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT blob_key, received_at, source, sop_class_uid, sop_instance_uid, reason,"
                    + " object_size FROM quarantine ORDER BY received_at, blob_key");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(
            new Entry(
                new BlobKey(r.getString(1)),
                r.getTimestamp(2).toInstant(),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                r.getLong(7)));
      }
    } catch (SQLException e) {
      throw new IOException("could not list the quarantine: " + e.getMessage(), e);
    }
    return out;
  }

  /** The quarantined object's bytes as they arrived (for forensic analysis, not for viewing). */
  public InputStream open(BlobKey object) throws IOException {
    return blobs.open(object);
  }

  /** Deletes a quarantined object (its data key first); returns whether it was there. */
  public boolean delete(BlobKey object) throws IOException {
    int n;
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM quarantine WHERE blob_key = ?")) {
      s.setString(1, object.value());
      n = s.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("could not delete from the quarantine: " + e.getMessage(), e);
    }
    blobs.delete(object);
    return n > 0;
  }

  private static String clip(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 64 ? s.substring(0, 64) : s;
  }
}
