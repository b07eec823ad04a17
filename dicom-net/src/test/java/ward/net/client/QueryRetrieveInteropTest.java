package ward.net.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.net.AssociationRejectedException;

/** C-FIND, C-GET and C-MOVE against dcmtk's dcmqrscp, moving to dcmtk's storescp. */
class QueryRetrieveInteropTest {

  @TempDir static Path tmp;
  static Dcmtk qrscp;
  static int qrPort;
  static int destPort;

  /** SOP instance UID → the data set the archive holds. */
  static final Map<String, DataSet> ARCHIVE = new LinkedHashMap<>();

  @BeforeAll
  static void startArchive() throws Exception {
    add("DOE^JOHN", "DOE1", "20200315", "2.25.100", "2.25.1001");
    add("DOE^JOHN", "DOE1", "20200315", "2.25.100", "2.25.1002");
    add("DOE^JOHN", "DOE1", "20190601", "2.25.200", "2.25.2001");
    add("DOE^JANE", "DOE2", "20201120", "2.25.300", "2.25.3001");
    add("ROE^RICHARD", "ROE1", "20200501", "2.25.400", "2.25.4001");
    Path area = Files.createDirectories(tmp.resolve("db/WARDQR"));
    Path src = Files.createDirectories(tmp.resolve("archive"));
    List<String> index = new ArrayList<>(List.of("dcmqridx", area.toString()));
    for (Map.Entry<String, DataSet> e : ARCHIVE.entrySet()) {
      index.add(Synthetic.write(src.resolve(e.getKey() + ".dcm"), e.getValue()).toString());
    }
    assertThat(Dcmtk.runToEnd(tmp.resolve("dcmqridx.log"), index.toArray(String[]::new))).isZero();
    qrPort = Dcmtk.freePort();
    destPort = Dcmtk.freePort();
    Path config = tmp.resolve("dcmqrscp.cfg");
    Files.writeString(
        config,
        String.join(
            "\n",
            "NetworkTCPPort = " + qrPort,
            "MaxPDUSize = 16384",
            "MaxAssociations = 4",
            "HostTable BEGIN",
            "storedest = (STOREDEST, localhost, " + destPort + ")",
            "HostTable END",
            "VendorTable BEGIN",
            "VendorTable END",
            "AETable BEGIN",
            "WARDQR " + area + " R (100, 100mb) ANY",
            "AETable END",
            ""));
    // dcmqrscp 3.6.7 crashes after one association in --single-process mode: it forks.
    qrscp =
        Dcmtk.server(
            tmp.resolve("dcmqrscp.log"),
            qrPort,
            "dcmqrscp",
            "-c",
            config.toString(),
            String.valueOf(qrPort));
  }

  @AfterAll
  static void stopArchive() throws Exception {
    if (qrscp != null) {
      qrscp.close();
    }
  }

  static void add(String name, String id, String date, String study, String sop) {
    ARCHIVE.put(sop, Synthetic.ct(name, id, date, study, study + ".1", sop, 8));
  }

  static DicomClient client(String calledAe) {
    return new DicomClient(
        new Peer(calledAe, "127.0.0.1", qrPort),
        ClientSettings.defaults().withCallingAe("WARDTEST"));
  }

  static DataSet keys(Object... pairs) {
    DataSet.Builder b = DataSet.builder();
    for (int i = 0; i < pairs.length; i += 3) {
      b.setString((Integer) pairs[i], (VR) pairs[i + 1], (String) pairs[i + 2]);
    }
    return b.build();
  }

  @Test
  void findsStudiesByWildcardAndDateRange() throws Exception {
    List<DataSet> matches = new ArrayList<>();
    QueryResult r =
        client("WARDQR")
            .find(
                QueryModel.STUDY_ROOT,
                QueryLevel.STUDY,
                keys(
                    Tags.PatientName,
                    VR.PN,
                    "DOE*",
                    Tags.StudyDate,
                    VR.DA,
                    "20200101-20201231",
                    Tags.StudyInstanceUID,
                    VR.UI,
                    "",
                    Tags.PatientID,
                    VR.LO,
                    ""),
                matches::add);
    assertThat(r.status()).isZero();
    assertThat(r.matches()).isEqualTo(2);
    assertThat(matches)
        .extracting(m -> m.getString(Tags.StudyInstanceUID) + " " + m.getString(Tags.PatientID))
        .containsExactlyInAnyOrder("2.25.100 DOE1", "2.25.300 DOE2");
    assertThat(matches)
        .allSatisfy(m -> assertThat(m.getString(Tags.QueryRetrieveLevel)).isEqualTo("STUDY"));
  }

  @Test
  void findsPatientsWithThePatientRootModel() throws Exception {
    List<String> ids = new ArrayList<>();
    QueryResult r =
        client("WARDQR")
            .find(
                QueryModel.PATIENT_ROOT,
                QueryLevel.PATIENT,
                keys(Tags.PatientName, VR.PN, "*O*", Tags.PatientID, VR.LO, ""),
                m -> ids.add(m.getString(Tags.PatientID)));
    assertThat(r.ok()).isTrue();
    assertThat(ids).containsExactlyInAnyOrder("DOE1", "DOE2", "ROE1");
  }

  @Test
  void cancellingStopsTheMatches() throws Exception {
    List<DataSet> matches = new ArrayList<>();
    QueryResult r =
        client("WARDQR")
            .find(
                QueryModel.STUDY_ROOT,
                QueryLevel.STUDY,
                keys(Tags.StudyInstanceUID, VR.UI, ""),
                m -> {
                  matches.add(m);
                  return false;
                });
    assertThat(matches).hasSize(1);
    assertThat(r.cancelled()).isTrue();
    assertThat(r.matches()).isEqualTo(1);
    assertThat(r.ok()).isTrue();
  }

  @Test
  void patientLevelNeedsThePatientRootModel() {
    assertThatThrownBy(
            () ->
                client("WARDQR")
                    .find(QueryModel.STUDY_ROOT, QueryLevel.PATIENT, DataSet.EMPTY, m -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("patient root");
  }

  @Test
  void getWritesTheStudysInstancesUnchanged() throws Exception {
    Path out = tmp.resolve("get");
    DirectorySink sink = new DirectorySink(out);
    RetrieveResult r =
        client("WARDQR")
            .get(
                QueryModel.STUDY_ROOT,
                QueryLevel.STUDY,
                keys(Tags.StudyInstanceUID, VR.UI, "2.25.100"),
                List.of(),
                sink);
    assertThat(r.status()).isZero();
    assertThat(r.completed()).isEqualTo(2);
    assertThat(r.received()).isEqualTo(2);
    assertThat(r.ok()).isTrue();
    assertThat(sink.written())
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("2.25.1001.dcm", "2.25.1002.dcm");
    for (Path p : sink.written()) {
      DataSet got = Synthetic.read(p);
      assertThat(got).isEqualTo(ARCHIVE.get(got.getString(Tags.SOPInstanceUID)));
    }
  }

  @Test
  void moveSendsTheStudyToARegisteredDestination() throws Exception {
    Path received = Files.createDirectories(tmp.resolve("moved"));
    RetrieveResult r;
    try (Dcmtk dest =
        Dcmtk.server(
            tmp.resolve("storescp.log"),
            destPort,
            "storescp",
            "--aetitle",
            "STOREDEST",
            "-od",
            received.toString(),
            String.valueOf(destPort))) {
      r =
          client("WARDQR")
              .move(
                  QueryModel.STUDY_ROOT,
                  QueryLevel.STUDY,
                  keys(Tags.StudyInstanceUID, VR.UI, "2.25.300"),
                  "STOREDEST");
      assertThat(dest.process.isAlive()).as("storescp is still up").isTrue();
    }
    assertThat(r.status()).isZero();
    assertThat(r.completed()).isEqualTo(1);
    assertThat(r.failed()).isZero();
    try (Stream<Path> files = Files.list(received)) {
      List<Path> list = files.toList();
      assertThat(list).hasSize(1);
      assertThat(Synthetic.read(list.get(0))).isEqualTo(ARCHIVE.get("2.25.3001"));
    }
  }

  @Test
  void moveToAnUnknownDestinationFails() throws Exception {
    RetrieveResult r =
        client("WARDQR")
            .move(
                QueryModel.STUDY_ROOT,
                QueryLevel.STUDY,
                keys(Tags.StudyInstanceUID, VR.UI, "2.25.300"),
                "NOWHERE");
    assertThat(r.ok()).isFalse();
    assertThat(Status.describe(r.status())).isEqualTo("refused: move destination unknown (A801)");
  }

  @Test
  void anUnknownCalledAeIsRejected() {
    assertThatThrownBy(() -> client("NOTTHERE").echo())
        .isInstanceOf(AssociationRejectedException.class)
        .hasMessage("association rejected permanently: called AE title not recognized");
  }
}
