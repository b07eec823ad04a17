package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.config.ConfigLoader;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Tags;

/**
 * Per-study access over every protocol: a referrer granted the studies of one referring physician,
 * one issuer of patient ID, one institution and one explicitly shared study sees and retrieves
 * exactly those four of five studies by C-FIND (study and patient level), C-GET, C-MOVE, QIDO-RS
 * and WADO-RS, while a reader sees all five.
 */
class ArchiveStudyAccessTest {
  @TempDir Path work;

  private Path ca;
  private int port;
  private String base;

  private Run ward(String user, Path password, String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(
        List.of(
            "WARD@127.0.0.1:" + port,
            "--aet",
            "VIEWER1",
            "--tls",
            "--trust",
            ca.toString(),
            "--user",
            user,
            "--password-file",
            password.toString()));
    return ArchiveTesting.ward(a.toArray(String[]::new));
  }

  private List<String> studiesFound(String user, Path password) {
    Run r = ward(user, password, "find", "--json", "--level", "STUDY", "-k", "StudyInstanceUID");
    assertThat(r.status()).as(r.err()).isZero();
    List<String> uids = new ArrayList<>();
    Matcher m =
        Pattern.compile("\"0020000D\":\\{\"vr\":\"UI\",\"Value\":\\[\"([0-9.]+)\"")
            .matcher(r.out());
    while (m.find()) {
      uids.add(m.group(1));
    }
    return uids;
  }

  private int retrieved(String user, Path password, String study) throws Exception {
    Path out = Files.createTempDirectory(work, "get");
    ward(
        user,
        password,
        "get",
        "--level",
        "STUDY",
        "-k",
        "StudyInstanceUID=" + study,
        "--out",
        out.toString());
    return ArchiveTesting.files(out).size();
  }

  private Run curl(String token, String path) throws Exception {
    return ArchiveTesting.curl(work, ca, token, base + path);
  }

  private String token(String user, Path password) throws Exception {
    return ArchiveTesting.login(work, ca, base, user, password);
  }

  @Test
  void aReferrerSeesAndRetrievesOnlyTheGrantedStudiesOverEveryProtocol() throws Exception {
    Path data = work.resolve("data");
    port = ArchiveTesting.configure(data);
    base = ArchiveTesting.httpsBase(data);
    Path modality = ArchiveTesting.user(work, data, "modality1", "UPLOADER");
    Path referrer = ArchiveTesting.user(work, data, "dr1", "REFERRER");
    Path reader = ArchiveTesting.user(work, data, "reader1", "READER");
    int destPort = ArchiveTesting.freePort();
    ArchiveTesting.wardOk(
        "ae",
        "add",
        "STORESCP",
        "--user-identity",
        "--move-destination",
        "127.0.0.1:" + destPort,
        "--data",
        data.toString());

    // four patients, one study each: by SMITH^JOHN, of issuer CLINIC-A, neither, shared
    Path studies = work.resolve("studies");
    ArchiveTesting.synth(studies, 5, 2, 41);
    Map<String, String> studyOf = new LinkedHashMap<>(); // patient folder -> study UID
    String[][] edits = {
      {"ReferringPhysicianName=SMITH^JOHN"},
      {"ReferringPhysicianName=DOE^JANE", "IssuerOfPatientID=CLINIC-A"},
      {"ReferringPhysicianName=DOE^JANE", "IssuerOfPatientID=CLINIC-B"},
      {"ReferringPhysicianName=DOE^JANE"},
      {"ReferringPhysicianName=DOE^JANE", "InstitutionName=North Hospital"}
    };
    List<Path> patients;
    try (var s = Files.list(studies)) {
      patients = s.sorted().toList();
    }
    assertThat(patients).hasSize(5);
    for (int i = 0; i < 5; i++) {
      List<String> c = new ArrayList<>(List.of("dcmodify", "-nb"));
      for (String e : edits[i]) {
        c.addAll(List.of("-i", e));
      }
      List<Path> files = ArchiveTesting.files(patients.get(i));
      files.forEach(f -> c.add(f.toString()));
      Run r = ArchiveTesting.run(work, c);
      assertThat(r.status()).as(r.out()).isZero();
      DataSet ds = DicomReader.readFile(files.get(0)).dataSet();
      studyOf.put(patients.get(i).getFileName().toString(), ds.getString(Tags.StudyInstanceUID));
    }
    List<String> uids = new ArrayList<>(studyOf.values());
    String bySmith = uids.get(0);
    String byIssuer = uids.get(1);
    String hidden = uids.get(2);
    String shared = uids.get(3);
    String atInstitution = uids.get(4);
    ArchiveTesting.wardOk(
        "access", "grant", "dr1", "--referring-physician", "Smith^John", "--data", data.toString());
    ArchiveTesting.wardOk(
        "access", "grant", "dr1", "--issuer", "CLINIC-A", "--data", data.toString());
    ArchiveTesting.wardOk("access", "grant", "dr1", "--study", shared, "--data", data.toString());
    ArchiveTesting.wardOk(
        "access", "grant", "dr1", "--institution", "NORTH HOSPITAL", "--data", data.toString());
    assertThat(ArchiveTesting.ward("access", "list", "dr1", "--data", data.toString()).out())
        .contains("studies referred by SMITH^JOHN", "issued by CLINIC-A", "study " + shared);

    ConfigLoader.Result config = ConfigLoader.load(data, null, Map.of(), Map.of());
    ca = data.resolve("tls").resolve("ca.pem");
    Path dest = Files.createDirectories(work.resolve("dest"));
    Process storescp =
        ArchiveTesting.background(
            work.resolve("storescp.log"),
            "storescp",
            "-aet",
            "STORESCP",
            "-od",
            dest.toString(),
            Integer.toString(destPort));
    try (Archive archive = Archive.start(config.config(), new PrintWriter(new StringWriter()))) {
      Run store =
          ArchiveTesting.storeAsUser(
              work, ca, port, "modality1", modality, "MODALITY1", "+sd", "+r", studies.toString());
      assertThat(store.status()).as(store.out()).isZero();

      // C-FIND
      assertThat(studiesFound("reader1", reader)).containsExactlyInAnyOrderElementsOf(uids);
      assertThat(studiesFound("dr1", referrer))
          .containsExactlyInAnyOrder(bySmith, byIssuer, shared, atInstitution);
      Run patientLevel =
          ward(
              "dr1",
              referrer,
              "find",
              "--json",
              "--model",
              "patient",
              "--level",
              "PATIENT",
              "-k",
              "PatientID");
      assertThat(patientLevel.status()).as(patientLevel.err()).isZero();
      assertThat(patientLevel.out().lines().filter(l -> l.startsWith("{")).count()).isEqualTo(4);

      // C-GET
      assertThat(retrieved("dr1", referrer, bySmith)).isEqualTo(2);
      assertThat(retrieved("dr1", referrer, shared)).isEqualTo(2);
      assertThat(retrieved("dr1", referrer, atInstitution)).isEqualTo(2);
      assertThat(retrieved("dr1", referrer, hidden)).isZero();
      assertThat(retrieved("reader1", reader, hidden)).isEqualTo(2);

      // C-MOVE to a registered destination
      Run moveHidden =
          ward(
              "dr1",
              referrer,
              "move",
              "--dest",
              "STORESCP",
              "--level",
              "STUDY",
              "-k",
              "StudyInstanceUID=" + hidden);
      Run moveIssuer =
          ward(
              "dr1",
              referrer,
              "move",
              "--dest",
              "STORESCP",
              "--level",
              "STUDY",
              "-k",
              "StudyInstanceUID=" + byIssuer);
      assertThat(moveIssuer.status()).as(moveIssuer.err()).isZero();
      List<String> moved = new ArrayList<>();
      for (Path f : ArchiveTesting.files(dest)) {
        moved.add(DicomReader.readFile(f).dataSet().getString(Tags.StudyInstanceUID));
      }
      assertThat(moved).containsOnly(byIssuer).hasSize(2);
      assertThat(moveHidden.out() + moveHidden.err()).doesNotContain("2 completed");

      // QIDO-RS and WADO-RS
      String drToken = token("dr1", referrer);
      Run qido = curl(drToken, "/dicomweb/studies");
      assertThat(qido.out())
          .contains("HTTP 200", bySmith, byIssuer, shared, atInstitution)
          .doesNotContain(hidden);
      assertThat(curl(drToken, "/dicomweb/studies/" + hidden + "/metadata").out())
          .contains("HTTP 404");
      assertThat(curl(drToken, "/dicomweb/studies/" + shared + "/metadata").out())
          .contains("HTTP 200");
      String readerToken = token("reader1", reader);
      assertThat(curl(readerToken, "/dicomweb/studies/" + hidden + "/metadata").out())
          .contains("HTTP 200");
    } finally {
      storescp.destroy();
    }
  }
}
