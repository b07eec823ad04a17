package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.config.ConfigLoader;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.Tags;

/**
 * Encryption at rest and integrity, end to end: dcmtk stores studies of an invented patient with
 * unmistakable identifiers over TLS, and no file anywhere under the data directory holds them in
 * plain text, while the archive runs or after it stopped. A byte changed in one stored object makes
 * that instance unretrievable (the others still come back), and {@code ward verify} names it, also
 * after the keys were rotated.
 */
class ArchiveEncryptionTest {
  private static final String NAME = "QZXENCRYPTED^WILHELMINA";
  private static final String PATIENT_ID = "QZX-4711-0815";
  private static final String BIRTH_DATE = "19230417";

  @TempDir Path work;

  /** The files under {@code dir} that hold {@code text} (as the ASCII bytes DICOM stores). */
  private static List<Path> holding(Path dir, String text) throws Exception {
    String needle =
        new String(text.getBytes(StandardCharsets.US_ASCII), StandardCharsets.ISO_8859_1);
    List<Path> found = new ArrayList<>();
    for (Path f : ArchiveTesting.files(dir)) {
      if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(needle)) {
        found.add(f);
      }
    }
    return found;
  }

  private static void assertNothingInPlainText(Path data) throws Exception {
    for (String s : List.of(NAME, "QZXENCRYPTED", PATIENT_ID, BIRTH_DATE)) {
      assertThat(holding(data, s)).as("files holding " + s).isEmpty();
    }
  }

  @Test
  void nothingIdentifyingIsReadableOnDiskAndATamperedObjectIsNeverServed() throws Exception {
    Path data = work.resolve("data");
    int port = ArchiveTesting.configure(data);
    Path modality = ArchiveTesting.user(work, data, "modality1", "UPLOADER");
    Path readerCert = work.resolve("reader-cert");
    ArchiveTesting.entity(data, "READER1", "READER", readerCert);

    Path studies = work.resolve("studies");
    ArchiveTesting.synth(studies, 1, 5, 23);
    List<String> modify =
        new ArrayList<>(
            List.of(
                "dcmodify",
                "-nb",
                "-m",
                "PatientName=" + NAME,
                "-m",
                "PatientID=" + PATIENT_ID,
                "-m",
                "PatientBirthDate=" + BIRTH_DATE));
    for (Path f : ArchiveTesting.files(studies)) {
      modify.add(f.toString());
    }
    Run modified = ArchiveTesting.run(work, modify);
    assertThat(modified.status()).as(modified.out()).isZero();
    assertThat(holding(studies, NAME)).hasSize(5); // the search finds what is there

    ConfigLoader.Result config = ConfigLoader.load(data, null, Map.of(), Map.of());
    assertThat(config.problems()).isEmpty();
    Path ca = data.resolve("tls").resolve("ca.pem");
    Set<String> stored = new HashSet<>();
    String tampered;
    String studyUid;
    try (Archive archive = Archive.start(config.config(), new PrintWriter(new StringWriter()))) {
      Run store =
          ArchiveTesting.storeAsUser(
              work, ca, port, "modality1", modality, "MODALITY1", "+sd", "+r", studies.toString());
      assertThat(store.status()).as(store.out()).isZero();
      assertNothingInPlainText(data);

      // it is all there, readable through the archive
      List<DataSet> found =
          ArchiveTesting.find(
              work,
              ArchiveTesting.certified(readerCert, ca, port, "findscu", "READER1"),
              "STUDY",
              "PatientID=" + PATIENT_ID,
              "PatientName",
              "PatientBirthDate",
              "StudyInstanceUID",
              "NumberOfStudyRelatedInstances");
      assertThat(found).hasSize(1);
      assertThat(found.get(0).getString(Tags.PatientName)).isEqualTo(NAME);
      assertThat(found.get(0).getString(Tags.PatientBirthDate)).isEqualTo(BIRTH_DATE);
      String study = found.get(0).getString(Tags.StudyInstanceUID);
      studyUid = study;

      // change one byte in the middle of one stored object
      List<Path> objects = ArchiveTesting.files(data.resolve("objects").resolve("objects"));
      assertThat(objects).hasSize(5);
      Path victim = objects.get(2);
      byte[] b = Files.readAllBytes(victim);
      b[b.length / 2] ^= 0x20;
      Files.write(victim, b);

      Path out = Files.createDirectories(work.resolve("got"));
      Run get =
          ArchiveTesting.getCertified(
              readerCert, ca, port, "READER1", out, "STUDY", "StudyInstanceUID=" + study);
      assertThat(get.status()).as(get.out() + get.err()).isNotZero();
      Map<String, DataSet> got = ArchiveTesting.bySopInstance(out);
      assertThat(got).hasSize(4);
      Map<String, DataSet> sent = ArchiveTesting.bySopInstance(studies);
      got.forEach((uid, ds) -> assertThat(ds).as(uid).isEqualTo(sent.get(uid)));
      stored.addAll(sent.keySet());
      Set<String> missing = new HashSet<>(stored);
      missing.removeAll(got.keySet());
      tampered = missing.iterator().next();
    }
    assertNothingInPlainText(data);

    Run verify = ArchiveTesting.ward("verify", "--quiet", "--data", data.toString());
    assertThat(verify.status()).as(verify.out() + verify.err()).isEqualTo(1);
    assertThat(verify.out())
        .contains("TAMPERED " + tampered)
        .contains("5 objects checked, 4 intact, 1 with problems");

    // the finding is in the audit trail, under the study, and the trail is intact
    Run audited =
        ArchiveTesting.ward("audit", "study", studyUid, "--xml", "--data", data.toString());
    assertThat(audited.out()).contains("integrity check").contains("TAMPERED");
    assertThat(ArchiveTesting.ward("audit", "verify", "--data", data.toString()).status()).isZero();

    Run rotate = ArchiveTesting.ward("keys", "rotate", "--data", data.toString());
    assertThat(rotate.status()).as(rotate.out() + rotate.err()).isZero();
    assertThat(rotate.out()).contains("kek-2").contains("5 data keys");
    assertThat(data.resolve("keys").resolve("kek-1.key")).doesNotExist();
    Run after = ArchiveTesting.ward("verify", "--quiet", "--data", data.toString());
    assertThat(after.out()).contains("5 objects checked, 4 intact, 1 with problems");
    Run status = ArchiveTesting.ward("keys", "status", "--data", data.toString());
    assertThat(status.out()).contains("active: kek-2").contains("kek-2: 5");

    // keys not restored with the data: refused, and no new key is made in their place
    Path keys = data.resolve("keys");
    Path aside = work.resolve("keys-backup");
    Files.move(keys, aside);
    Run lost = ArchiveTesting.ward("verify", "--data", data.toString());
    assertThat(lost.status()).isNotZero();
    assertThat(lost.err()).contains("restore the keys directory");
    assertThat(keys).doesNotExist();
    Files.move(aside, keys);
    assertThat(ArchiveTesting.ward("verify", "--quiet", "--data", data.toString()).out())
        .contains("5 objects checked, 4 intact, 1 with problems");
  }
}
