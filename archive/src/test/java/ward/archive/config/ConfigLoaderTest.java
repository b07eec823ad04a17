package ward.archive.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.index.DuplicatePolicy;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsAreTheSecureOnes() {
    ConfigLoader.Result r = ConfigLoader.load(dir, null, Map.of(), Map.of());
    assertThat(r.problems()).isEmpty();
    ArchiveConfig c = r.config();
    assertThat(c.aeTitle()).isEqualTo("WARD");
    assertThat(c.dicomPort()).isEqualTo(2762);
    assertThat(c.httpsPort()).isEqualTo(8443);
    assertThat(c.plaintextPort()).isZero();
    assertThat(c.tlsKey()).isNull();
    assertThat(c.duplicates()).isEqualTo(DuplicatePolicy.KEEP);
  }

  @Test
  void fileThenEnvironmentThenCommandLine() throws IOException {
    Files.writeString(
        dir.resolve("ward.conf"),
        "# archive\nae-title = MAINPACS\ndicom.port = 11112\nhttps.port = 9443\n");
    ConfigLoader.Result r =
        ConfigLoader.load(
            dir, null, Map.of("WARD_DICOM_PORT", "12000"), Map.of("https.port", "9444"));
    assertThat(r.problems()).isEmpty();
    assertThat(r.config().aeTitle()).isEqualTo("MAINPACS");
    assertThat(r.config().dicomPort()).isEqualTo(12000);
    assertThat(r.config().httpsPort()).isEqualTo(9444);
  }

  @Test
  void everyProblemIsReportedWithWhereItCameFrom() throws IOException {
    Files.writeString(
        dir.resolve("ward.conf"),
        String.join(
            "\n",
            "dicom.port = seventy",
            "ae-titel = X",
            "no equals sign here",
            "duplicates = sometimes",
            "tls.key = key.pem",
            "ae-title = THIS TITLE IS FAR TOO LONG"));
    ConfigLoader.Result r = ConfigLoader.load(dir, null, Map.of(), Map.of());
    assertThat(r.ok()).isFalse();
    List<String> problems = r.problems().stream().map(Object::toString).toList();
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("ward.conf:1: dicom.port: expected a number"))
        .anySatisfy(p -> assertThat(p).isEqualTo("ward.conf:2: ae-titel: unknown setting"))
        .anySatisfy(p -> assertThat(p).isEqualTo("ward.conf:3: expected key = value"))
        .anySatisfy(p -> assertThat(p).startsWith("ward.conf:4: duplicates: expected one of"))
        .anySatisfy(p -> assertThat(p).contains("tls.key and tls.chain go together"))
        .anySatisfy(p -> assertThat(p).startsWith("ward.conf:6: ae-title"));
  }

  @Test
  void twoListenersCannotShareAPort() {
    ConfigLoader.Result r =
        ConfigLoader.load(dir, null, Map.of(), Map.of("dicom.plaintext-port", "8443"));
    assertThat(r.problems())
        .extracting(Object::toString)
        .contains("configuration: two listeners on the same port");
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(ConfigLoader.envName("dicom.max-associations-per-address"))
        .isEqualTo("WARD_DICOM_MAX_ASSOCIATIONS_PER_ADDRESS");
  }

  @Test
  void syslogForwardingIsOffUnlessEnabledAndThenNeedsAHostAndACaFile() throws IOException {
    assertThat(ConfigLoader.load(dir, null, Map.of(), Map.of()).config().auditSyslog()).isNull();
    ConfigLoader.Result missing =
        ConfigLoader.load(dir, null, Map.of(), Map.of("audit.syslog.enabled", "true"));
    assertThat(missing.ok()).isFalse();
    assertThat(missing.problems())
        .extracting(ConfigLoader.Problem::key)
        .containsExactlyInAnyOrder("audit.syslog.host", "audit.syslog.ca");
    assertThat(ConfigLoader.load(dir, null, Map.of(), Map.of("audit.syslog.enabled", "yes")).ok())
        .isFalse();
    java.nio.file.Path ca = java.nio.file.Files.writeString(dir.resolve("collector-ca.pem"), "x");
    ConfigLoader.Result ok =
        ConfigLoader.load(
            dir,
            null,
            Map.of(),
            Map.of(
                "audit.syslog.enabled", "true",
                "audit.syslog.host", "127.0.0.1",
                "audit.syslog.ca", ca.toString()));
    assertThat(ok.problems()).isEmpty();
    assertThat(ok.config().auditSyslog().host()).isEqualTo("127.0.0.1");
    assertThat(ok.config().auditSyslog().port()).isEqualTo(6514);
    assertThat(ok.config().auditSyslog().caFile()).isEqualTo(ca);
  }
}
