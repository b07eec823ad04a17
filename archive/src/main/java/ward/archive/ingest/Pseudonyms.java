package ward.archive.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import ward.archive.keys.KeyRing;

/**
 * Keyed pseudonyms for identifiers the archive must not keep (a Patient ID that is a Social
 * Security number): HMAC-SHA-256 under the archive's pseudonym key, so the same identifier always
 * gets the same pseudonym (a patient's studies stay together) while nobody without the key can
 * compute or reverse one. The mapping back is kept sealed by the key-encryption key, in the table
 * {@code pseudonym}, for the rare authorized look-up.
 */
public final class Pseudonyms {
  /** What a pseudonym starts with, so that anyone reading one knows it is not a real identifier. */
  public static final String PREFIX = "WARDPSN-";

  private final DataSource db;
  private final KeyRing keys;
  private final Clock clock;
  private final SecretKeySpec key;

  public Pseudonyms(DataSource db, KeyRing keys, Clock clock) throws IOException {
    this.db = db;
    this.keys = keys;
    this.clock = clock;
    this.key = new SecretKeySpec(keys.pseudonymKey(), "HmacSHA256");
  }

  private static byte[] context(String pseudonym) {
    return ("ward pseudonym " + pseudonym).getBytes(StandardCharsets.US_ASCII);
  }

  /** The pseudonym of {@code original}, recording the sealed mapping the first time. */
  public String pseudonymFor(String original) throws IOException {
    String pseudonym;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] h = mac.doFinal(original.getBytes(StandardCharsets.UTF_8));
      pseudonym = PREFIX + HexFormat.of().withUpperCase().formatHex(h, 0, 12);
    } catch (GeneralSecurityException e) {
      throw new IOException("could not make a pseudonym", e);
    }
    try (Connection c = db.getConnection()) {
      if (lookup(c, pseudonym).isEmpty()) {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO pseudonym (pseudonym, sealed_original, created_at) VALUES (?, ?, ?)")) {
          s.setString(1, pseudonym);
          s.setString(2, keys.seal(original.getBytes(StandardCharsets.UTF_8), context(pseudonym)));
          s.setTimestamp(3, Timestamp.from(clock.instant()));
          s.executeUpdate();
        } catch (SQLException e) {
          if (lookup(c, pseudonym).isEmpty()) { // not a concurrent insert of the same mapping
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw new IOException("could not record a pseudonym: " + e.getMessage(), e);
    }
    return pseudonym;
  }

  /** The identifier a pseudonym stands for, if it is one of this archive's. */
  public Optional<String> reveal(String pseudonym) throws IOException {
    try (Connection c = db.getConnection()) {
      Optional<String> sealed = lookup(c, pseudonym);
      if (sealed.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new String(keys.open(sealed.get(), context(pseudonym)), StandardCharsets.UTF_8));
    } catch (SQLException e) {
      throw new IOException("could not read a pseudonym: " + e.getMessage(), e);
    }
  }

  /** Seals every mapping anew with the active key-encryption key; returns how many. */
  public long rewrap() throws IOException {
    String active = keys.active().id() + " ";
    long n = 0;
    try (Connection c = db.getConnection()) {
      java.util.Map<String, String> old = new java.util.LinkedHashMap<>();
      try (PreparedStatement s =
              c.prepareStatement("SELECT pseudonym, sealed_original FROM pseudonym");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (!r.getString(2).startsWith(active)) {
            old.put(r.getString(1), r.getString(2));
          }
        }
      }
      try (PreparedStatement u =
          c.prepareStatement("UPDATE pseudonym SET sealed_original = ? WHERE pseudonym = ?")) {
        for (var e : old.entrySet()) {
          byte[] original = keys.open(e.getValue(), context(e.getKey()));
          u.setString(1, keys.seal(original, context(e.getKey())));
          u.setString(2, e.getKey());
          u.executeUpdate();
          n++;
        }
      }
    } catch (SQLException e) {
      throw new IOException("could not seal the pseudonyms anew: " + e.getMessage(), e);
    }
    return n;
  }

  private static Optional<String> lookup(Connection c, String pseudonym) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT sealed_original FROM pseudonym WHERE pseudonym = ?")) {
      s.setString(1, pseudonym);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    }
  }
}
