package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.config.ConfigLoader;
import ward.cli.ArchiveTesting.Run;

/**
 * The archive configured with {@code audit.syslog.*} forwards its audit trail to a real rsyslogd
 * over TLS, started by the test on 127.0.0.1 with a certificate openssl made: every record the
 * archive keeps (its start, the association it authenticated, its stop) arrives, numbered as in the
 * trail.
 */
class ArchiveSyslogTest {
  @TempDir Path work;

  private static final Pattern LINE =
      Pattern.compile(
          "^IHE\\+RFC-3881 \\[meta sequenceId=\"(\\d+)\"\\] .*<EventID csd-code=\"(\\d+)\".*$");

  @Test
  void theArchiveForwardsItsAuditTrailToTheConfiguredCollector() throws Exception {
    Path tls = Files.createDirectories(work.resolve("collector"));
    Run made =
        ArchiveTesting.run(
            work,
            List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                tls.resolve("key.pem").toString(),
                "-out",
                tls.resolve("cert.pem").toString(),
                "-days",
                "2",
                "-subj",
                "/CN=collector",
                "-addext",
                "subjectAltName=IP:127.0.0.1"));
    assertThat(made.status()).as(made.out()).isZero();
    int syslogPort = ArchiveTesting.freePort();
    Path received = work.resolve("received.log");
    Path conf = tls.resolve("rsyslog.conf");
    Files.writeString(
        conf,
        "global(workDirectory=\""
            + tls
            + "\" maxMessageSize=\"256k\"\n"
            + " DefaultNetstreamDriver=\"ossl\" DefaultNetstreamDriverCAFile=\""
            + tls.resolve("cert.pem")
            + "\"\n DefaultNetstreamDriverCertFile=\""
            + tls.resolve("cert.pem")
            + "\" DefaultNetstreamDriverKeyFile=\""
            + tls.resolve("key.pem")
            + "\")\n"
            + "module(load=\"imtcp\" StreamDriver.Name=\"ossl\" StreamDriver.Mode=\"1\""
            + " StreamDriver.AuthMode=\"anon\")\n"
            + "input(type=\"imtcp\" port=\""
            + syslogPort
            + "\" address=\"127.0.0.1\")\n"
            + "template(name=\"audit\" type=\"string\""
            + " string=\"%msgid% %structured-data% %msg%\\n\")\n"
            + "*.* action(type=\"omfile\" file=\""
            + received
            + "\" template=\"audit\")\n");
    String rsyslogd =
        Files.isExecutable(Path.of("/usr/sbin/rsyslogd")) ? "/usr/sbin/rsyslogd" : "rsyslogd";
    Process collector =
        ArchiveTesting.background(
            tls.resolve("rsyslogd.log"),
            rsyslogd,
            "-n",
            "-f",
            conf.toString(),
            "-i",
            tls.resolve("pid").toString());
    try {
      Path data = work.resolve("data");
      int port = ArchiveTesting.configure(data);
      Files.writeString(
          data.resolve("ward.conf"),
          "audit.syslog.enabled = true\naudit.syslog.host = 127.0.0.1\naudit.syslog.port = "
              + syslogPort
              + "\naudit.syslog.ca = "
              + tls.resolve("cert.pem")
              + "\n",
          java.nio.file.StandardOpenOption.APPEND);
      ConfigLoader.Result config = ConfigLoader.load(data, null, Map.of(), Map.of());
      assertThat(config.problems()).isEmpty();
      try (Archive archive = Archive.start(config.config(), new PrintWriter(new StringWriter()))) {
        // an association without credentials: refused, and audited as a failed authentication
        Run echo =
            ArchiveTesting.run(
                work,
                List.of(
                    "echoscu",
                    "+tla",
                    "+cf",
                    data.resolve("tls/ca.pem").toString(),
                    "-aet",
                    "STRANGER",
                    "-aec",
                    "WARD",
                    "127.0.0.1",
                    Integer.toString(port)));
        assertThat(echo.status()).isNotZero();
      }
      Run verify = ArchiveTesting.ward("audit", "verify", "--data", data.toString());
      Matcher count = Pattern.compile("audit trail: (\\d+) records").matcher(verify.out());
      assertThat(count.find()).as(verify.out()).isTrue();
      int records = Integer.parseInt(count.group(1));
      assertThat(records).isEqualTo(3); // start, the refused association, stop

      // The archive drains its spool as it stops; the collector may take a moment to write.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<String> lines = lines(received);
      while (lines.size() < records && System.nanoTime() < deadline) {
        Thread.sleep(100);
        lines = lines(received);
      }
      List<String> events = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = LINE.matcher(lines.get(i));
        assertThat(m.matches()).as(lines.get(i)).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(i + 1);
        events.add(m.group(2));
      }
      // Application Activity (start), User Authentication (refused), Application Activity (stop)
      assertThat(events).containsExactly("110100", "110114", "110100");
    } finally {
      collector.destroy();
      collector.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    List<String> l = new ArrayList<>();
    if (Files.exists(file)) {
      for (String s : Files.readString(file, StandardCharsets.UTF_8).split("\n")) {
        if (!s.isEmpty()) {
          l.add(s);
        }
      }
    }
    return l;
  }
}
