package ward.archive.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule of the audit chain and its verification: record n's hash is SHA-256 over record n-1's
 * hash and record n's content; a checkpoint signs a record's sequence number, hash and the time.
 */
final class HashChain {
  private HashChain() {}

  /** The "previous hash" of the first record. */
  static final String GENESIS = "0".repeat(64);

  /**
   * Walks the chain from its first record and checks every hash, that no sequence number is
   * missing, and every signed checkpoint (its signature, and that its record still has the hash it
   * signed). Stops at the first bad record.
   */
  static Verification verify(Connection c, SigningKey key) throws SQLException {
    List<String> problems = new ArrayList<>();
    Map<Long, String> checkpoints = new LinkedHashMap<>();
    long checked = verifyCheckpoints(c, key, checkpoints, problems);
    long count = 0;
    long firstBad = 0;
    String previous = GENESIS;
    long expected = 1;
    try (Statement rs = c.createStatement();
        Statement ss = c.createStatement();
        ResultSet r =
            rs.executeQuery(
                "SELECT seq, recorded_at, event, outcome, user_id, address, message, hash"
                    + " FROM audit_records ORDER BY seq");
        ResultSet st =
            ss.executeQuery(
                "SELECT seq, study_uid, patient_id FROM audit_studies ORDER BY seq, study_uid")) {
      boolean moreStudies = st.next();
      while (r.next()) {
        long seq = r.getLong("seq");
        count++;
        Map<String, String> studies = new LinkedHashMap<>();
        while (moreStudies && st.getLong(1) < seq) {
          if (firstBad == 0) {
            firstBad = st.getLong(1);
            problems.add(
                "record "
                    + firstBad
                    + " was removed (study rows of it are left), or its studies were moved");
          }
          moreStudies = st.next();
        }
        while (moreStudies && st.getLong(1) == seq) {
          studies.put(st.getString(2), st.getString(3));
          moreStudies = st.next();
        }
        if (firstBad != 0) {
          break;
        }
        if (seq != expected) {
          firstBad = expected;
          problems.add(
              seq > expected
                  ? "record " + expected + " is missing (the chain goes on at " + seq + ")"
                  : "record " + seq + " is out of place");
          break;
        }
        Entry e =
            new Entry(
                seq,
                r.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                r.getString("event"),
                r.getInt("outcome"),
                r.getString("user_id"),
                r.getString("address"),
                studies,
                r.getString("message"));
        String stored = r.getString("hash");
        String computed = hash(previous, e);
        if (!computed.equals(stored)) {
          firstBad = seq;
          problems.add(
              "record "
                  + seq
                  + " does not match its hash: it was edited, or a record before it was"
                  + " replaced or moved");
          break;
        }
        String signed = checkpoints.get(seq);
        if (signed != null && !signed.equals(stored)) {
          firstBad = seq;
          problems.add(
              "record "
                  + seq
                  + " is not the record its signed checkpoint names: the chain was rewritten"
                  + " up to here");
          break;
        }
        previous = stored;
        expected = seq + 1;
      }
    }
    if (firstBad == 0) {
      for (long signedSeq : checkpoints.keySet()) {
        if (signedSeq >= expected) {
          firstBad = expected;
          problems.add(
              "records from "
                  + expected
                  + " on were removed: a signed checkpoint names record "
                  + signedSeq);
          break;
        }
      }
    }
    return new Verification(count, checked, firstBad, problems);
  }

  /** Checks every checkpoint's signature; collects the good ones' hashes by sequence number. */
  private static long verifyCheckpoints(
      Connection c, SigningKey key, Map<Long, String> good, List<String> problems)
      throws SQLException {
    long n = 0;
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT seq, hash, signed_at, key_sha256, signature FROM audit_checkpoints"
                    + " ORDER BY seq")) {
      while (r.next()) {
        n++;
        long seq = r.getLong(1);
        String hash = r.getString(2);
        Instant at = r.getObject(3, OffsetDateTime.class).toInstant();
        if (key == null) {
          problems.add("checkpoint at record " + seq + " cannot be checked: no signing key");
        } else if (!key.fingerprint().equals(r.getString(4))) {
          problems.add(
              "checkpoint at record " + seq + " was signed with another key: " + r.getString(4));
        } else if (!key.verify(checkpointBytes(seq, hash, at), r.getString(5))) {
          problems.add("checkpoint at record " + seq + " has a wrong signature");
        } else {
          good.put(seq, hash);
        }
      }
    }
    return n;
  }

  /** What a record's hash covers, besides the previous hash. */
  record Entry(
      long seq,
      Instant time,
      String event,
      int outcome,
      String userId,
      String address,
      Map<String, String> studies,
      String message) {
    Entry at(long n) {
      return new Entry(n, time, event, outcome, userId, address, studies, message);
    }
  }

  /** SHA-256 over the previous hash and the record's content, as lower-case hex. */
  static String hash(String previous, Entry e) {
    StringBuilder content = new StringBuilder(e.message().length() + 256);
    content
        .append(previous)
        .append('\n')
        .append(e.seq())
        .append('\n')
        .append(e.time().toEpochMilli())
        .append('\n')
        .append(e.event())
        .append('\n')
        .append(e.outcome())
        .append('\n')
        .append(e.userId())
        .append('\n')
        .append(e.address() == null ? "" : e.address())
        .append('\n');
    e.studies().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            s ->
                content
                    .append(s.getKey())
                    .append('\t')
                    .append(s.getValue() == null ? "" : s.getValue())
                    .append('\n'));
    content.append('\n').append(e.message());
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("SHA-256 is missing", ex);
    }
  }

  static byte[] checkpointBytes(long seq, String hash, Instant at) {
    return ("ward audit checkpoint\n" + seq + "\n" + hash + "\n" + at.toEpochMilli())
        .getBytes(StandardCharsets.UTF_8);
  }
}
