package ward.archive.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.net.testing.TestPki;

/**
 * The forwarder against a real syslog daemon: rsyslogd with its OpenSSL network stream driver,
 * started by the test on 127.0.0.1 with a certificate from a test CA, writing each message it
 * receives to a file. The collector is down while the first events are recorded; they wait in the
 * spool; once it starts, every event arrives exactly once and in order.
 */
@Timeout(120)
class SyslogForwarderTest {
  @TempDir Path dir;

  static final AuditSource SOURCE = new AuditSource("WARD", null, "127.0.0.1");
  private static final Pattern LINE =
      Pattern.compile("^(\\S+) \\[meta sequenceId=\"(\\d+)\"\\] \\S*(<\\?xml.*</AuditMessage>)$");

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String rsyslogd() {
    return Files.isExecutable(Path.of("/usr/sbin/rsyslogd")) ? "/usr/sbin/rsyslogd" : "rsyslogd";
  }

  /** rsyslogd listening for RFC 5425 (TLS, octet counting) on 127.0.0.1, writing to out. */
  Process startCollector(int port, TestPki pki, TestPki.Identity id, Path out) throws IOException {
    Path work = Files.createDirectories(dir.resolve("rsyslog"));
    Path conf = work.resolve("rsyslog.conf");
    Files.writeString(
        conf,
        "global(workDirectory=\""
            + work
            + "\" maxMessageSize=\"256k\"\n"
            + "  DefaultNetstreamDriver=\"ossl\"\n"
            + "  DefaultNetstreamDriverCAFile=\""
            + pki.caCertificate()
            + "\"\n  DefaultNetstreamDriverCertFile=\""
            + id.chain()
            + "\"\n  DefaultNetstreamDriverKeyFile=\""
            + id.key()
            + "\")\n"
            + "module(load=\"imtcp\" StreamDriver.Name=\"ossl\" StreamDriver.Mode=\"1\""
            + " StreamDriver.AuthMode=\"anon\")\n"
            + "input(type=\"imtcp\" port=\""
            + port
            + "\" address=\"127.0.0.1\")\n"
            + "template(name=\"audit\" type=\"string\""
            + " string=\"%msgid% %structured-data% %msg%\\n\")\n"
            + "*.* action(type=\"omfile\" file=\""
            + out
            + "\" template=\"audit\")\n");
    return new ProcessBuilder(
            rsyslogd(), "-n", "-f", conf.toString(), "-i", work.resolve("pid").toString())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("rsyslogd.log").toFile())
        .start();
  }

  void record(AuditTrail trail, int n) {
    trail.record(
        new AuditEvent.Query(
            Outcome.SUCCESS,
            Participant.requestor("alice", "WS1", "127.0.0.2"),
            SOURCE.participant(),
            "1.2.840.10008.5.1.4.1.2.2.1",
            "query " + n,
            List.of(AuditedStudy.of("1.2.3." + n, "PID" + n))));
  }

  @Test
  void eventsSpooledWhileTheCollectorIsDownArriveExactlyOnceInOrder() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"), TestPki.KeyType.EC);
    TestPki.Identity id = pki.server("syslog");
    int port = freePort();
    Path out = dir.resolve("received.log");
    Process collector = null;
    try (Database db = Database.embedded(dir.resolve("index"))) {
      AuditTrail trail =
          new AuditTrail(db.dataSource(), SOURCE, null, Clock.systemUTC(), 1000, true);
      try (SyslogForwarder forwarder =
          new SyslogForwarder(
                  db.dataSource(),
                  new SyslogCollector("127.0.0.1", port, pki.caCertificate()),
                  "ward-test",
                  100,
                  400)
              .start()) {
        trail.onSpooled(forwarder::wake);
        for (int i = 1; i <= 20; i++) {
          record(trail, i);
        }
        Thread.sleep(1000); // several attempts fail meanwhile
        assertThat(forwarder.spooled()).isEqualTo(20);
        assertThat(out).doesNotExist();

        collector = startCollector(port, pki, id, out);
        for (int i = 21; i <= 30; i++) {
          record(trail, i);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(out).size() < 30 && System.nanoTime() < deadline) {
          assertThat(collector.isAlive())
              .as(Files.readString(dir.resolve("rsyslog/rsyslogd.log")))
              .isTrue();
          Thread.sleep(100);
        }
        Thread.sleep(500); // anything sent twice would show now
        assertThat(forwarder.spooled()).isZero();
      }
    } finally {
      if (collector != null) {
        collector.destroy();
        collector.waitFor(10, TimeUnit.SECONDS);
      }
    }
    List<String> received = lines(out);
    assertThat(received).hasSize(30);
    for (int i = 0; i < received.size(); i++) {
      Matcher m = LINE.matcher(received.get(i));
      assertThat(m.matches()).as(received.get(i)).isTrue();
      assertThat(m.group(1)).isEqualTo("IHE+RFC-3881");
      assertThat(Long.parseLong(m.group(2))).isEqualTo(i + 1);
      String xml = m.group(3);
      assertThat(xml).contains("EventID csd-code=\"110112\"").contains("UserID=\"alice\"");
      assertThat(xml).contains("ParticipantObjectID=\"1.2.3." + (i + 1) + "\"");
    }
  }

  static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> l = new ArrayList<>();
    for (String s : Files.readString(file, StandardCharsets.UTF_8).split("\n")) {
      if (!s.isEmpty()) {
        l.add(s);
      }
    }
    return l;
  }
}
