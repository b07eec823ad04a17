package ward.scan.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.scan.dicom.AeAttempt;
import ward.scan.dicom.DicomObservation;
import ward.scan.finding.EndpointReport;
import ward.scan.finding.ScanReport;
import ward.scan.finding.Severity;
import ward.scan.report.JsonReport;

/**
 * The scanner against dcmtk servers started on loopback: dcmqrscp with an open configuration and
 * known data stored into it by storescu, dcmqrscp restricted to one calling AE title, and storescp,
 * which accepts any caller. nmap's dicom-ping is run on the same ports and must agree on which
 * speak DICOM and which accept any AE title.
 */
class DcmtkExposureTest {

  @TempDir static Path work;
  static Peer openQr;
  static Peer restrictedQr;
  static Peer storescp;
  static int openPort;
  static int restrictedPort;
  static int storePort;
  static int closedPort;
  static Path received;

  @BeforeAll
  static void start() throws Exception {
    List<Path> files = Corpus.write(work.resolve("corpus"));
    openPort = Peer.freePort();
    restrictedPort = Peer.freePort();
    storePort = Peer.freePort();
    closedPort = Peer.freePort();
    Path open = Files.createDirectories(work.resolve("db/PACS"));
    Path restricted = Files.createDirectories(work.resolve("db/RESTRICTEDQR"));
    Path config = config("open.cfg", openPort, "PACS " + open + " RW (100, 100mb) ANY");
    Path restrictedConfig =
        config(
            "restricted.cfg", restrictedPort, "RESTRICTEDQR " + restricted + " R (10, 10mb) known");
    // dcmqrscp 3.6.7 forks per association (its single-process mode ends after one)
    openQr =
        Peer.start(
            work.resolve("open.log"),
            openPort,
            List.of("dcmqrscp", "-c", config.toString(), Integer.toString(openPort)));
    restrictedQr =
        Peer.start(
            work.resolve("restricted.log"),
            restrictedPort,
            List.of(
                "dcmqrscp", "-c", restrictedConfig.toString(), Integer.toString(restrictedPort)));
    List<String> store =
        new ArrayList<>(
            List.of("storescu", "-aec", "PACS", "127.0.0.1", Integer.toString(openPort)));
    for (Path f : files) {
      store.add(f.toString());
    }
    Peer.run(work.resolve("storescu.log"), store);
    received = Files.createDirectories(work.resolve("received"));
    storescp =
        Peer.start(
            work.resolve("storescp.log"),
            storePort,
            List.of("storescp", "-od", received.toString(), Integer.toString(storePort)));
  }

  static Path config(String name, int port, String aeLine) throws Exception {
    Path config = work.resolve(name);
    Files.writeString(
        config,
        String.join(
            "\n",
            "NetworkTCPPort = " + port,
            "MaxPDUSize = 16384",
            "MaxAssociations = 16",
            "HostTable BEGIN",
            "known = (KNOWNSCU, 127.0.0.1, 0)",
            "HostTable END",
            "VendorTable BEGIN",
            "VendorTable END",
            "AETable BEGIN",
            aeLine,
            "AETable END",
            ""));
    return config;
  }

  @AfterAll
  static void stop() {
    for (Peer p : new Peer[] {openQr, restrictedQr, storescp}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  void openArchiveIsReadableByQueryWithExactCountsAndNothingKept() throws Exception {
    ScanReport report = Scans.scan(Scans.settings(false, false), Scans.loopback(openPort));
    EndpointReport r = report.endpoints().get(0);
    assertThat(r.worst()).isEqualTo(Severity.HIGH);
    assertThat(Scans.ids(r)).contains("dicom.query-open", "dicom.common-ae", "dicom.plaintext");
    DicomObservation d = r.dicom();
    assertThat(d.acceptedCalledAe()).isEqualTo("PACS");
    assertThat(d.anyCalledAe()).isFalse();
    AeAttempt first = d.attempts().get(0);
    assertThat(first.calledAeNotRecognized()).as(first.detail()).isTrue();
    assertThat(d.implementationVersion()).startsWith("OFFIS_DCMTK");
    assertThat(d.query().studies()).isEqualTo(Corpus.STUDIES);
    assertThat(d.query().instances()).isEqualTo(Corpus.INSTANCES);
    assertThat(d.query().patients()).isEqualTo(Corpus.PATIENTS);
    assertThat(d.query().ssnShaped()).isTrue();
    assertThat(d.query().exposedAttributes()).contains("PatientName", "PatientID");
    assertThat(report.aggregate().studiesExposed()).isEqualTo(Corpus.STUDIES);
    assertThat(report.aggregate().imagesExposed()).isEqualTo(Corpus.INSTANCES);
    assertThat(report.aggregate().systemsOpen()).isEqualTo(1);
    String json = JsonReport.write(report);
    assertThat(json).doesNotContain(Corpus.SSN_SHAPED_ID).doesNotContain("INVENTED");
    assertThat(json).doesNotContain("2.25.9900"); // no study UIDs either
  }

  @Test
  void queriesStopAtTheMatchLimitWithCCancel() throws Exception {
    ward.scan.ScanSettings s = Scans.settings(false, false);
    ward.scan.ScanSettings limited =
        new ward.scan.ScanSettings(
            s.callingAe(),
            s.extraCalledAes(),
            s.timeout(),
            s.concurrency(),
            s.connectionsPerSecond(),
            2,
            false,
            false,
            false,
            s.trusted());
    EndpointReport r = Scans.one(limited, Scans.loopback(openPort));
    assertThat(r.dicom().query().truncated()).isTrue();
    assertThat(r.dicom().query().studies()).isEqualTo(2);
    assertThat(r.findings().get(0).evidence()).contains("counts are lower bounds");
  }

  @Test
  void retrievalWithTheOptInIsCritical() throws Exception {
    EndpointReport r = Scans.one(Scans.settings(true, false), Scans.loopback(openPort));
    assertThat(r.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(Scans.ids(r)).contains("dicom.retrieve-open");
    assertThat(r.dicom().retrieval().succeeded()).isTrue();
  }

  @Test
  void storescpAcceptsAnyCallerAndStoresOnlyWithTheOptIn() throws Exception {
    EndpointReport passive = Scans.one(Scans.settings(false, false), Scans.loopback(storePort));
    assertThat(passive.worst()).isEqualTo(Severity.MEDIUM);
    assertThat(passive.dicom().anyCalledAe()).isTrue();
    assertThat(Scans.ids(passive))
        .contains("dicom.any-ae", "dicom.storage-offered", "dicom.plaintext")
        .doesNotContain("dicom.store-open");
    assertThat(passive.dicom().transferSyntaxes()).contains("Implicit VR Little Endian");
    assertThat(count(received)).isZero();

    EndpointReport active = Scans.one(Scans.settings(false, true), Scans.loopback(storePort));
    assertThat(active.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(Scans.ids(active)).contains("dicom.store-open");
    assertThat(count(received)).isEqualTo(1);
  }

  /**
   * dcmqrscp restricted to the calling AE title KNOWNSCU answers an unknown caller, even under its
   * own called AE title, "called AE title not recognized" (PS3.8 Table 9-21: source 1, reason 7):
   * it is hardened, and the report records the rejection as the peer gave it. (Ward's archive,
   * which answers "calling AE title not recognized", is scanned in the cli module's tests.)
   */
  @Test
  void aRestrictedArchiveIsHardenedAndItsRejectionsRecorded() throws Exception {
    EndpointReport r =
        Scans.one(Scans.settings(false, false, "RESTRICTEDQR"), Scans.loopback(restrictedPort));
    assertThat(r.worst()).isEqualTo(Severity.LOW);
    assertThat(Scans.ids(r)).containsExactly("dicom.hardened");
    List<AeAttempt> attempts = r.dicom().attempts();
    assertThat(attempts).allSatisfy(a -> assertThat(a.calledAeNotRecognized()).isTrue());
    assertThat(attempts).extracting(AeAttempt::calledAe).contains("RESTRICTEDQR", "PACS");
    assertThat(r.findings().get(0).evidence())
        .contains("called AE titles rejected as not recognized");
  }

  @Test
  void aClosedPortIsClosed() throws Exception {
    EndpointReport r = Scans.one(Scans.settings(false, false), Scans.loopback(closedPort));
    assertThat(r.service()).isEqualTo("closed");
    assertThat(r.findings()).isEmpty();
  }

  /**
   * nmap's dicom-ping on the same ports. It sends one A-ASSOCIATE-RQ calling "ANY-SCP"; the "+"
   * makes nmap run it on ports outside its default list (the probe is the same).
   */
  @Test
  void agreesWithNmapDicomPing() throws Exception {
    StringBuilder table = new StringBuilder("port      ward(dicom,anyAE)  nmap(dicom,anyAE)\n");
    for (int port : new int[] {openPort, restrictedPort, storePort, closedPort}) {
      EndpointReport r =
          Scans.one(Scans.settings(false, false, "RESTRICTEDQR"), Scans.loopback(port));
      boolean wardDicom = r.dicom().speaksDicom();
      boolean wardAny = r.dicom().anyCalledAe();
      String nmap =
          Peer.run(
              work.resolve("nmap-" + port + ".log"),
              List.of(
                  "nmap",
                  "-Pn",
                  "-n",
                  "-p",
                  Integer.toString(port),
                  "--script",
                  "+dicom-ping",
                  "127.0.0.1"));
      boolean nmapDicom = nmap.contains("DICOM Service Provider discovered");
      boolean nmapAny = nmap.contains("Any AET is accepted");
      table.append(
          String.format(
              "%-9d %-5s %-5s          %-5s %-5s%n", port, wardDicom, wardAny, nmapDicom, nmapAny));
      assertThat(wardDicom).as("speaks DICOM on " + port + "\n" + nmap).isEqualTo(nmapDicom);
      assertThat(wardAny).as("accepts any AE on " + port + "\n" + nmap).isEqualTo(nmapAny);
    }
    System.out.println("Agreement with nmap dicom-ping:\n" + table);
  }

  private static long count(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
