package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.config.ConfigLoader;
import ward.cli.ArchiveTesting.Run;
import ward.scan.report.Json;

/**
 * {@code ward scan} against Ward's own archive on loopback: the DICOM TLS port, the plaintext port
 * kept for one registered legacy modality, and the HTTPS port. Nothing above low may be found:
 * every association without credentials is refused, the legacy port tells the caller its calling AE
 * title is not recognized, and every web route asks for a login. nmap's dicom-ping agrees on the
 * plaintext port; it has no TLS, so on the TLS port only Ward's scanner sees DICOM.
 */
class WardArchiveScanTest {

  @TempDir static Path work;
  static Archive archive;
  static Path data;
  static int tlsPort;
  static int plaintextPort;
  static int httpsPort;

  @BeforeAll
  static void start() throws Exception {
    data = work.resolve("data");
    tlsPort = ArchiveTesting.configure(data);
    String conf = Files.readString(data.resolve("ward.conf"));
    httpsPort = Integer.parseInt(conf.replaceAll("(?s).*https\\.port = (\\d+).*", "$1").strip());
    plaintextPort = ArchiveTesting.freePort();
    Files.writeString(
        data.resolve("ward.conf"),
        "dicom.plaintext-port = " + plaintextPort + "\n",
        StandardOpenOption.APPEND);
    ArchiveTesting.wardOk(
        "ae", "add", "OLDCR", "--legacy-address", "127.0.0.1", "--data", data.toString());
    ConfigLoader.Result config = ConfigLoader.load(data, null, Map.of(), Map.of());
    assertThat(config.problems()).isEmpty();
    archive = Archive.start(config.config(), new PrintWriter(new StringWriter()));
  }

  @AfterAll
  static void stop() {
    if (archive != null) {
      archive.close();
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> findings(Map<String, Object> endpoint) {
    return (List<Map<String, Object>>) endpoint.get("findings");
  }

  @Test
  @SuppressWarnings("unchecked")
  void findsNothingAboveLowOnWardsOwnArchive() throws Exception {
    Path json = work.resolve("ward.json");
    Path html = work.resolve("ward.html");
    Path log = work.resolve("sent.log");
    Run r =
        ArchiveTesting.ward(
            "scan",
            "127.0.0.1:" + tlsPort,
            "127.0.0.1:" + plaintextPort,
            "127.0.0.1:" + httpsPort,
            "--trust",
            data.resolve("tls").resolve("ca.pem").toString(),
            "--timeout",
            "10000",
            "--json",
            json.toString(),
            "--html",
            html.toString(),
            "--log",
            log.toString(),
            "-v");
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    System.out.println(r.out());
    Map<String, Object> report = (Map<String, Object>) Json.read(Files.readString(json));
    List<Map<String, Object>> endpoints = (List<Map<String, Object>>) report.get("endpoints");
    assertThat(endpoints).hasSize(3);
    Map<String, Object> tls = endpoints.get(0);
    Map<String, Object> plain = endpoints.get(1);
    Map<String, Object> https = endpoints.get(2);
    assertThat(tls.get("service")).as(r.out()).isEqualTo("dicom-tls");
    assertThat(plain.get("service")).as(r.out()).isEqualTo("dicom");
    assertThat(https.get("service")).as(r.out()).isEqualTo("https");
    for (Map<String, Object> e : endpoints) {
      assertThat(e.get("worst")).as(r.out()).isIn("low", "info");
      assertThat(e.get("open")).isEqualTo(false);
    }
    // TLS: only 1.2 and 1.3, only BCP 195 suites, the certificate chains to the archive's CA
    Map<String, Object> t = (Map<String, Object>) tls.get("tls");
    assertThat((List<Object>) t.get("protocols"))
        .isNotEmpty()
        .allMatch(p -> ((String) p).matches("TLSv1\\.[23]"));
    assertThat((List<Object>) t.get("weakSuites")).isEmpty();
    assertThat(t.get("trusted")).isEqualTo(true);
    // the legacy port refuses an unregistered caller: "calling AE title not recognized"
    Map<String, Object> d = (Map<String, Object>) plain.get("dicom");
    List<Map<String, Object>> attempts = (List<Map<String, Object>>) d.get("associations");
    assertThat(attempts)
        .anySatisfy(
            a -> {
              assertThat(a.get("source")).isEqualTo(1L);
              assertThat(a.get("reason")).isEqualTo(3L);
            });
    assertThat(findings(plain).get(0).get("evidence"))
        .asString()
        .contains("checks the calling AE title");
    assertThat(findings(tls).get(0).get("evidence"))
        .asString()
        .contains("checks the calling AE title and requires credentials");
    // the web routes ask for a login
    Map<String, Object> web = (Map<String, Object>) https.get("web");
    assertThat((List<Object>) web.get("open")).isEmpty();
    assertThat((List<Object>) web.get("loginRequired")).contains("/dicomweb/studies?limit=100");
    assertThat(Files.readString(html)).contains("<svg").doesNotContain("<script");
    assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains("A-ASSOCIATE-RQ"));

    // nmap's dicom-ping on the plaintext port: DICOM, and the called AE title is checked
    Run nmap =
        ArchiveTesting.run(
            work,
            List.of(
                "nmap",
                "-Pn",
                "-n",
                "-p",
                Integer.toString(plaintextPort),
                "--script",
                "+dicom-ping",
                "127.0.0.1"));
    assertThat(nmap.out()).contains("DICOM Service Provider discovered");
    assertThat(nmap.out()).doesNotContain("Any AET is accepted");
    assertThat(d.get("anyCalledAe")).isEqualTo(false);
    System.out.println(
        "nmap dicom-ping on Ward's plaintext port: DICOM, AE checked — ward scan agrees;"
            + " on the TLS port nmap cannot speak TLS, ward scan sees dicom-tls");
  }
}
