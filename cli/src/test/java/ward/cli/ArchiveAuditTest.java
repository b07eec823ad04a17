package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static ward.cli.ArchiveTesting.certified;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.config.ConfigLoader;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.Tags;

/**
 * The audit trail end to end: dcmtk stores (storescu over TLS with a user identity), finds (findscu
 * with a client certificate) and gets (getscu through a TLS tunnel) from a running archive; after
 * it stops, {@code ward audit} shows those accesses with the right user, AE title, address and
 * study, for the study and for its patient, and the chain verifies.
 */
class ArchiveAuditTest {
  @TempDir Path work;

  @Test
  void storeFindAndGetFromDcmtkShowInTheAuditTrail() throws Exception {
    Path data = work.resolve("data");
    int port = ArchiveTesting.configure(data);
    Path password = ArchiveTesting.user(work, data, "modality1", "UPLOADER");
    Path readerCert = work.resolve("reader-cert");
    ArchiveTesting.entity(data, "READER1", "READER", readerCert);
    Path studies = work.resolve("studies");
    ArchiveTesting.synth(studies, 1, 2, 5);
    DataSet one = ArchiveTesting.bySopInstance(studies).values().iterator().next();
    String study = one.getString(Tags.StudyInstanceUID);
    String patient = one.getString(Tags.PatientID);

    ConfigLoader.Result config = ConfigLoader.load(data, null, Map.of(), Map.of());
    Path ca = data.resolve("tls").resolve("ca.pem");
    Process tunnel = null;
    try (Archive archive = Archive.start(config.config(), new PrintWriter(new StringWriter()))) {
      Run stored =
          ArchiveTesting.storeAsUser(
              work, ca, port, "modality1", password, "MODALITY1", "+sd", "+r", studies.toString());
      assertThat(stored.status()).as(stored.out()).isZero();

      List<DataSet> found =
          ArchiveTesting.find(
              work,
              certified(readerCert, ca, port, "findscu", "READER1"),
              "STUDY",
              // by name, not asking for the Patient ID: the audit looks it up for the patient
              "PatientName=" + one.getString(Tags.PatientName).substring(0, 3) + "*",
              "StudyInstanceUID");
      assertThat(found).hasSize(1);

      int tunnelPort = ArchiveTesting.freePort();
      tunnel = ArchiveTesting.tunnel(work.resolve("socat.log"), tunnelPort, port, readerCert, ca);
      Path out = Files.createDirectories(work.resolve("got"));
      Run got = null;
      for (int attempt = 0; attempt < 50; attempt++) {
        got =
            ArchiveTesting.run(
                work,
                List.of(
                    "getscu",
                    "-aet",
                    "READER1",
                    "-aec",
                    "WARD",
                    "127.0.0.1",
                    Integer.toString(tunnelPort),
                    "-S",
                    "-od",
                    out.toString(),
                    "-k",
                    "QueryRetrieveLevel=STUDY",
                    "-k",
                    "StudyInstanceUID=" + study));
        if (got.status() == 0 || !got.out().contains("Connection refused")) {
          break;
        }
        Thread.sleep(100); // socat not listening yet
      }
      assertThat(got.status()).as(got.out()).isZero();
      assertThat(ArchiveTesting.files(out)).hasSize(2);
    } finally {
      if (tunnel != null) {
        tunnel.destroy();
      }
    }

    Run forStudy = ArchiveTesting.ward("audit", "study", study, "--data", data.toString());
    assertThat(forStudy.status()).as(forStudy.err()).isZero();
    List<String> lines = Arrays.asList(forStudy.out().strip().split("\n"));
    // two instances stored by modality1, one query and one retrieve by READER1 (begun, done)
    assertThat(lines)
        .filteredOn(l -> l.contains("\tDICOM Instances Transferred\tSUCCESS\tmodality1\t127.0.0.1"))
        .hasSize(2);
    assertThat(lines)
        .filteredOn(l -> l.contains("\tQuery\tSUCCESS\tREADER1\t127.0.0.1"))
        .hasSize(1);
    assertThat(lines)
        .filteredOn(
            l -> l.contains("\tBegin Transferring DICOM Instances\tSUCCESS\tREADER1\t127.0.0.1"))
        .hasSize(1);
    assertThat(lines)
        .filteredOn(l -> l.contains("\tDICOM Instances Transferred\tSUCCESS\tREADER1\t127.0.0.1"))
        .hasSize(1);
    assertThat(lines).allSatisfy(l -> assertThat(l).contains(study + " (" + patient + ")"));

    Run xml = ArchiveTesting.ward("audit", "study", study, "--xml", "--data", data.toString());
    assertThat(xml.out()).contains("AlternativeUserID=\"AETITLES=MODALITY1\"");

    Run forPatient = ArchiveTesting.ward("audit", "patient", patient, "--data", data.toString());
    assertThat(forPatient.out().strip().split("\n")).containsExactlyElementsOf(lines);

    Run verify = ArchiveTesting.ward("audit", "verify", "--data", data.toString());
    assertThat(verify.status()).as(verify.out()).isZero();
    assertThat(verify.out()).contains("intact");
    // the start, the authentications and the stop are there too; the stop was signed
    assertThat(verify.out()).containsPattern("audit trail: \\d+ records, 1 signed checkpoints");

    // the administration before the start is in the trail as security alerts
    try (ward.archive.db.Database db = Archive.openIndex(data, Archive.keys(data));
        java.sql.Connection c = db.dataSource().getConnection();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet r =
            st.executeQuery(
                "SELECT message FROM audit_records WHERE event = 'Security Alert' ORDER BY seq")) {
      List<String> alerts = new ArrayList<>();
      while (r.next()) {
        alerts.add(r.getString(1));
      }
      assertThat(alerts).hasSize(2);
      assertThat(alerts.get(0))
          .contains("user modality1 added with roles [UPLOADER]")
          .contains("csd-code=\"110137\"");
      assertThat(alerts.get(1)).contains("entity READER1 registered (certificate)");
    }
  }
}
