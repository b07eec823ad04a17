package ward.archive.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ward.net.tls.TlsProfile;

/**
 * Forwards the audit trail to a syslog collector: each record as an RFC 5424 message carrying the
 * DICOM audit message XML, over TLS (RFC 5425, BCP 195 profile) with octet-counting framing. The
 * records wait in the database's spool table, which is drained in sequence order: a record leaves
 * the spool only after its message was written to the collector, so nothing is lost while the
 * collector is down; the forwarder retries with back-off (doubling up to a limit) until it answers.
 *
 * <p>RFC 5425 has no acknowledgement: a message written just before the connection breaks may be
 * lost by the collector or, if the archive stops right after writing it, sent twice. The hash chain
 * in the database stays the authoritative record.
 */
public final class SyslogForwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogForwarder.class);

  /** RFC 5424 6.2.1: facility 10 (security/authorization), severity 5 (notice). */
  static final int PRI = 10 * 8 + 5;

  /** The MSGID IHE ATNA gives DICOM audit messages over syslog. */
  static final String MSGID = "IHE+RFC-3881";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
  private static final int BATCH = 200;
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final DataSource db;
  private final SyslogCollector collector;
  private final TlsProfile tls;
  private final String hostname;
  private final String procId;
  private final long firstDelayMillis;
  private final long maxDelayMillis;
  private final Thread thread;
  private final Object signal = new Object();
  private boolean pending;
  private volatile boolean closed;
  private SSLSocket socket;

  /**
   * @param hostname this machine's name in the messages (RFC 5424 HOSTNAME), or null for "-"
   * @param firstDelayMillis the first wait after a failure; doubled after each further one
   * @param maxDelayMillis the longest wait between attempts
   */
  public SyslogForwarder(
      DataSource db,
      SyslogCollector collector,
      String hostname,
      long firstDelayMillis,
      long maxDelayMillis)
      throws IOException, GeneralSecurityException {
    this.db = db;
    this.collector = collector;
    this.tls = TlsProfile.builder().trustedCertificates(collector.caFile()).build();
    this.hostname = hostname == null || hostname.isEmpty() ? "-" : printable(hostname, 255);
    this.procId = Long.toString(ManagementFactory.getRuntimeMXBean().getPid());
    this.firstDelayMillis = firstDelayMillis;
    this.maxDelayMillis = maxDelayMillis;
    this.thread = new Thread(this::run, "ward-audit-syslog");
    this.thread.setDaemon(true);
  }

  /** Starts forwarding what is spooled, and keeps forwarding what is added. */
  public SyslogForwarder start() {
    thread.start();
    return this;
  }

  /** Says the spool has something new (the audit trail calls it after each record). */
  public void wake() {
    synchronized (signal) {
      pending = true;
      signal.notifyAll();
    }
  }

  /** How many records wait in the spool. */
  public long spooled() {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_spool");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new AuditException("the syslog spool could not be read: " + e.getMessage(), e);
    }
  }

  private void run() {
    long delay = firstDelayMillis;
    while (!closed) {
      try {
        if (drain() == 0) {
          waitFor(Long.MAX_VALUE);
        }
        delay = firstDelayMillis;
      } catch (IOException | SQLException | RuntimeException e) {
        disconnect();
        if (closed) {
          return;
        }
        LOG.warn(
            "audit records wait in the spool: syslog collector {}:{} not reached ({}); next try"
                + " in {} ms",
            collector.host(),
            collector.port(),
            e.toString(),
            delay);
        waitFor(delay);
        delay = Math.min(maxDelayMillis, delay * 2);
      }
    }
    disconnect();
  }

  /** Sends one batch from the head of the spool; returns how many were sent. */
  private int drain() throws IOException, SQLException {
    List<long[]> sent = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      List<Object[]> batch = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT s.seq, r.recorded_at, r.message FROM audit_spool s JOIN audit_records r"
                  + " ON r.seq = s.seq ORDER BY s.seq LIMIT ?")) {
        s.setInt(1, BATCH);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            batch.add(
                new Object[] {
                  r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3)
                });
          }
        }
      }
      if (batch.isEmpty()) {
        return 0;
      }
      OutputStream out = connection();
      for (Object[] row : batch) {
        long seq = (Long) row[0];
        out.write(frame(message(seq, (Instant) row[1], (String) row[2])));
        sent.add(new long[] {seq});
      }
      out.flush();
      try (PreparedStatement d = c.prepareStatement("DELETE FROM audit_spool WHERE seq = ?")) {
        for (long[] seq : sent) {
          d.setLong(1, seq[0]);
          d.addBatch();
        }
        d.executeBatch();
      }
      return batch.size();
    }
  }

  private OutputStream connection() throws IOException {
    if (socket == null || socket.isClosed()) {
      socket = tls.connect(collector.host(), collector.port(), CONNECT_TIMEOUT_MILLIS);
      LOG.info("forwarding the audit trail to {}:{}", collector.host(), collector.port());
    }
    return socket.getOutputStream();
  }

  /**
   * RFC 5424 6: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [meta sequenceId] BOM MSG},
   * the XML as the UTF-8 message. The record's sequence number goes in the registered {@code meta}
   * element (RFC 5424 7.3.1), so the collector can tell a gap.
   */
  byte[] message(long seq, Instant time, String xml) {
    String head =
        "<"
            + PRI
            + ">1 "
            + TIME.format(time)
            + " "
            + hostname
            + " ward "
            + procId
            + " "
            + MSGID
            + " [meta sequenceId=\""
            + (seq % Integer.MAX_VALUE == 0 ? Integer.MAX_VALUE : seq % Integer.MAX_VALUE)
            + "\"] ";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    byte[] m = new byte[h.length + 3 + body.length];
    System.arraycopy(h, 0, m, 0, h.length);
    m[h.length] = (byte) 0xEF; // RFC 5424 6.4: the UTF-8 BOM before a UTF-8 message
    m[h.length + 1] = (byte) 0xBB;
    m[h.length + 2] = (byte) 0xBF;
    System.arraycopy(body, 0, m, h.length + 3, body.length);
    return m;
  }

  /** RFC 5425 4.3: octet counting, {@code MSG-LEN SP SYSLOG-MSG}. */
  static byte[] frame(byte[] message) {
    byte[] len = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] f = new byte[len.length + message.length];
    System.arraycopy(len, 0, f, 0, len.length);
    System.arraycopy(message, 0, f, len.length, message.length);
    return f;
  }

  /**
   * Waits for a new record ({@code millis} = Long.MAX_VALUE) or for a back-off delay, which new
   * records do not cut short; close() ends either.
   */
  private void waitFor(long millis) {
    synchronized (signal) {
      try {
        if (millis == Long.MAX_VALUE) {
          while (!pending && !closed) {
            signal.wait();
          }
          pending = false;
        } else {
          long end = System.nanoTime() + millis * 1_000_000L;
          long left;
          while (!closed && (left = end - System.nanoTime()) > 0) {
            signal.wait(Math.max(1, left / 1_000_000L));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closed = true;
      }
    }
  }

  private void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already broken
      }
      socket = null;
    }
  }

  /** RFC 5424 6.2.4: HOSTNAME is printable US-ASCII without spaces. */
  private static String printable(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (c > 32 && c < 127) {
        b.append(c);
      }
    }
    return b.length() == 0 ? "-" : b.toString();
  }

  /**
   * Stops forwarding, after giving the spool up to two seconds to drain (so the archive's stop
   * reaches the collector); what is left is sent at the next start.
   */
  @Override
  public void close() {
    long end = System.nanoTime() + 2_000_000_000L;
    try {
      while (thread.isAlive() && System.nanoTime() < end && spooled() > 0) {
        wake();
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (AuditException e) {
      // the database is going away: nothing more to drain
    }
    closed = true;
    synchronized (signal) {
      signal.notifyAll();
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
