package ward.scan.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import ward.scan.finding.EndpointReport;
import ward.scan.finding.Finding;
import ward.scan.finding.Severity;
import ward.scan.target.Protocol;
import ward.scan.web.WebObservation;

/**
 * The scanner against Debian's Orthanc, run by hand with a configuration this test writes: its
 * default DICOM settings (any called AE title, any caller may C-STORE, C-FIND refused to unknown
 * modalities) and HTTP with remote access on, authentication off and the DICOMweb plugin.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrthancExposureTest {

  static final String DICOMWEB_PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

  @TempDir static Path work;
  static Peer orthanc;
  static Peer guarded;
  static int guardedPort;
  static int dicomPort;
  static int httpPort;

  @BeforeAll
  static void start() throws Exception {
    dicomPort = Peer.freePort();
    httpPort = Peer.freePort();
    Path config = work.resolve("orthanc.json");
    Files.writeString(
        config,
        "{\n"
            + "  \"Name\": \"ScanTest\",\n"
            + "  \"StorageDirectory\": \""
            + work.resolve("storage")
            + "\",\n"
            + "  \"IndexDirectory\": \""
            + work.resolve("index")
            + "\",\n"
            + "  \"HttpPort\": "
            + httpPort
            + ",\n"
            + "  \"DicomPort\": "
            + dicomPort
            + ",\n"
            + "  \"RemoteAccessAllowed\": true,\n"
            + "  \"AuthenticationEnabled\": false,\n"
            + "  \"Plugins\": [\""
            + DICOMWEB_PLUGIN
            + "\"],\n"
            + "  \"DicomWeb\": {\"Enable\": true, \"Root\": \"/dicom-web/\"}\n"
            + "}\n");
    orthanc =
        Peer.start(work.resolve("orthanc.log"), httpPort, List.of("Orthanc", config.toString()));
    Peer.start(work.resolve("orthanc-dicom.log"), dicomPort, List.of("true")).close();
    List<String> store =
        new ArrayList<>(
            List.of("storescu", "-aec", "ORTHANC", "127.0.0.1", Integer.toString(dicomPort)));
    for (Path f : Corpus.write(work.resolve("corpus"))) {
      store.add(f.toString());
    }
    Peer.run(work.resolve("storescu.log"), store);
    // a second Orthanc whose HTTP asks for a login, with its sample user left in place
    guardedPort = Peer.freePort();
    Path guardedConfig = work.resolve("guarded.json");
    Files.writeString(
        guardedConfig,
        "{\n"
            + "  \"Name\": \"Guarded\",\n"
            + "  \"StorageDirectory\": \""
            + work.resolve("g-storage")
            + "\",\n"
            + "  \"IndexDirectory\": \""
            + work.resolve("g-index")
            + "\",\n"
            + "  \"HttpPort\": "
            + guardedPort
            + ",\n"
            + "  \"DicomServerEnabled\": false,\n"
            + "  \"RemoteAccessAllowed\": true,\n"
            + "  \"AuthenticationEnabled\": true,\n"
            + "  \"RegisteredUsers\": {\"orthanc\": \"orthanc\"}\n"
            + "}\n");
    guarded =
        Peer.start(
            work.resolve("guarded.log"), guardedPort, List.of("Orthanc", guardedConfig.toString()));
  }

  @Test
  @Order(6)
  void aLoginIsLowAndItsDefaultPasswordIsFoundOnlyWithTheOptIn() throws Exception {
    EndpointReport passive =
        Scans.one(Scans.settings(false, false), Scans.loopback(guardedPort, Protocol.WEB));
    assertThat(passive.worst()).as(passive.findings().toString()).isEqualTo(Severity.LOW);
    assertThat(Scans.ids(passive)).contains("web.login-required").doesNotContain("web.data-open");
    assertThat(passive.web().closed()).contains("/system", "/patients");

    ward.scan.ScanSettings s = Scans.settings(false, false);
    ward.scan.ScanSettings withDefaults =
        new ward.scan.ScanSettings(
            s.callingAe(),
            s.extraCalledAes(),
            s.timeout(),
            s.concurrency(),
            s.connectionsPerSecond(),
            s.maxMatches(),
            false,
            false,
            true,
            s.trusted());
    EndpointReport active = Scans.one(withDefaults, Scans.loopback(guardedPort, Protocol.WEB));
    assertThat(Scans.ids(active)).contains("web.default-credentials");
    assertThat(active.worst()).isEqualTo(Severity.HIGH);
    assertThat(active.web().defaultCredentials().get(0).kind()).contains("orthanc");
  }

  @AfterAll
  static void stop() {
    for (Peer p : new Peer[] {orthanc, guarded}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  @Order(1)
  void httpWithoutUsersExposesPatientsAndStudies() throws Exception {
    EndpointReport r =
        Scans.one(Scans.settings(false, false), Scans.loopback(httpPort, Protocol.WEB));
    assertThat(r.service()).isEqualTo("http");
    assertThat(r.worst()).isEqualTo(Severity.HIGH);
    assertThat(Scans.ids(r)).contains("web.data-open", "web.interface-open", "web.plaintext");
    assertThat(items(r.web(), "orthanc-patients")).isEqualTo(Corpus.PATIENTS);
    assertThat(items(r.web(), "orthanc-studies")).isEqualTo(Corpus.STUDIES);
    assertThat(items(r.web(), "dicomweb-qido")).isEqualTo(Corpus.STUDIES);
    assertThat(r.web().open())
        .extracting(WebObservation.OpenEndpoint::kind)
        .contains("orthanc-system", "viewer");
    for (Finding f : r.findings()) {
      assertThat(f.evidence()).doesNotContain("INVENTED").doesNotContain(Corpus.SSN_SHAPED_ID);
    }
  }

  @Test
  @Order(2)
  void wadoRetrievalWithTheOptInIsCritical() throws Exception {
    EndpointReport r =
        Scans.one(Scans.settings(true, false), Scans.loopback(httpPort, Protocol.WEB));
    assertThat(r.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(Scans.ids(r)).contains("web.retrieve-open");
    assertThat(r.web().retrieval().detail()).contains("WADO-RS delivered");
    EndpointReport passive =
        Scans.one(Scans.settings(false, false), Scans.loopback(httpPort, Protocol.WEB));
    assertThat(passive.web().retrieval()).isNull();
  }

  @Test
  @Order(3)
  void defaultDicomSettingsAcceptAnyCallerAndStorageButNotQueries() throws Exception {
    EndpointReport passive = Scans.one(Scans.settings(false, false), Scans.loopback(dicomPort));
    assertThat(passive.worst()).isEqualTo(Severity.MEDIUM);
    assertThat(passive.dicom().anyCalledAe()).isTrue();
    assertThat(Scans.ids(passive))
        .contains("dicom.any-ae", "dicom.storage-offered", "dicom.plaintext")
        .doesNotContain("dicom.query-open");
    // Orthanc accepts the C-FIND context but aborts the query of an unknown modality
    assertThat(passive.dicom().query()).isNotNull();
    assertThat(passive.dicom().query().answered()).isFalse();
    assertThat(passive.dicom().query().refusal()).contains("study-level C-FIND");

    EndpointReport active = Scans.one(Scans.settings(false, true), Scans.loopback(dicomPort));
    assertThat(active.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(Scans.ids(active)).contains("dicom.store-open");
    // the stored test instance is there: one patient more over HTTP
    EndpointReport web =
        Scans.one(Scans.settings(false, false), Scans.loopback(httpPort, Protocol.WEB));
    assertThat(items(web.web(), "orthanc-patients")).isEqualTo(Corpus.PATIENTS + 1);
  }

  @Test
  @Order(5)
  void agreesWithNmapDicomPing() throws Exception {
    EndpointReport r = Scans.one(Scans.settings(false, false), Scans.loopback(dicomPort));
    String nmap =
        Peer.run(
            work.resolve("nmap.log"),
            List.of(
                "nmap",
                "-Pn",
                "-n",
                "-p",
                Integer.toString(dicomPort),
                "--script",
                "+dicom-ping",
                "127.0.0.1"));
    assertThat(nmap).contains("DICOM Service Provider discovered");
    assertThat(r.dicom().speaksDicom()).isTrue();
    assertThat(nmap).contains("Any AET is accepted");
    assertThat(r.dicom().anyCalledAe()).isTrue();
    System.out.println("Orthanc DICOM port: ward scan and nmap dicom-ping agree (DICOM, any AE)");
  }

  static int items(WebObservation w, String kind) {
    return w.open().stream()
        .filter(o -> o.kind().equals(kind))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no open " + kind + " in " + w))
        .items();
  }
}
