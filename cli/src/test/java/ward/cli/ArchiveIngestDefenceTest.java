package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.config.ConfigLoader;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.Tags;

/**
 * The ingest defences end to end. dcmtk stores an instance whose Patient ID, Other Patient IDs and
 * comments hold Social Security numbers: findscu and a retrieve see a pseudonym and no number. A
 * STOW-RS upload whose preamble is an ELF header is refused with 0124 and lands in the quarantine,
 * which {@code ward quarantine} lists and exports byte for byte.
 */
class ArchiveIngestDefenceTest {
  private static final String SSN = "123-45-6789";
  private static final String OTHER_SSN = "234-56-7890";

  @TempDir Path work;

  private static boolean holds(Path file, String text) throws Exception {
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
  }

  @Test
  void nationalIdentifiersNeverReachStorageAndExecutablesLandInQuarantine() throws Exception {
    Path data = work.resolve("data");
    int port = ArchiveTesting.configure(data);
    String base = ArchiveTesting.httpsBase(data);
    Path modality = ArchiveTesting.user(work, data, "modality1", "UPLOADER");
    Path readerCert = work.resolve("reader-cert");
    ArchiveTesting.entity(data, "READER1", "READER", readerCert);

    Path studies = work.resolve("studies");
    ArchiveTesting.synth(studies, 1, 2, 31);
    List<Path> files = ArchiveTesting.files(studies);
    List<String> modify =
        new ArrayList<>(
            List.of(
                "dcmodify",
                "-nb",
                "-i",
                "PatientID=" + SSN,
                "-i",
                "(0010,1000)=MRN-77\\" + OTHER_SSN,
                "-i",
                "PatientComments=verified against SSN " + SSN));
    modify.add(files.get(0).toString());
    Run modified = ArchiveTesting.run(work, modify);
    assertThat(modified.status()).as(modified.out()).isZero();
    assertThat(holds(files.get(0), SSN)).isTrue();

    ConfigLoader.Result config = ConfigLoader.load(data, null, Map.of(), Map.of());
    Path ca = data.resolve("tls").resolve("ca.pem");
    Path exported = work.resolve("exported.bin");
    byte[] elf;
    String pseudonym;
    try (Archive archive = Archive.start(config.config(), new PrintWriter(new StringWriter()))) {
      Run store =
          ArchiveTesting.storeAsUser(
              work, ca, port, "modality1", modality, "MODALITY1", files.get(0).toString());
      assertThat(store.status()).as(store.out()).isZero();
      // PS3.4 B.2.3: the archive says it changed the data set
      assertThat(store.out()).contains("Warning: CoercionOfDataElements");

      List<DataSet> found =
          ArchiveTesting.find(
              work,
              ArchiveTesting.certified(readerCert, ca, port, "findscu", "READER1"),
              "STUDY",
              "StudyInstanceUID",
              "PatientID",
              "IssuerOfPatientID");
      assertThat(found).hasSize(1);
      DataSet hit = found.get(0);
      assertThat(hit.getString(Tags.PatientID)).startsWith("WARDPSN-");
      pseudonym = hit.getString(Tags.PatientID);
      assertThat(hit.getString(Tags.IssuerOfPatientID)).isEqualTo("WARD PSEUDONYM");

      Path out = Files.createDirectories(work.resolve("got"));
      Run get =
          ArchiveTesting.getCertified(
              readerCert,
              ca,
              port,
              "READER1",
              out,
              "STUDY",
              "StudyInstanceUID=" + hit.getString(Tags.StudyInstanceUID));
      assertThat(get.status()).as(get.out() + get.err()).isZero();
      List<Path> got = ArchiveTesting.files(out);
      assertThat(got).hasSize(1);
      assertThat(holds(got.get(0), SSN)).isFalse();
      assertThat(holds(got.get(0), OTHER_SSN)).isFalse();
      assertThat(holds(got.get(0), "MRN-77")).isTrue();
      assertThat(holds(got.get(0), "verified against SSN [removed]")).isTrue();

      // STOW-RS of a file whose preamble is an ELF header
      elf = Files.readAllBytes(files.get(1));
      elf[0] = 0x7F;
      elf[1] = 'E';
      elf[2] = 'L';
      elf[3] = 'F';
      elf[4] = 2;
      Path body = work.resolve("stow.body");
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(
          "--XyZ\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(elf);
      b.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII));
      Files.write(body, b.toByteArray());
      String token = ArchiveTesting.login(work, ca, base, "modality1", modality);
      Run stow =
          ArchiveTesting.curl(
              work,
              ca,
              token,
              base + "/dicomweb/studies",
              "-H",
              "Content-Type: multipart/related; type=\"application/dicom\"; boundary=XyZ",
              "-H",
              "Accept: application/dicom+json",
              "--data-binary",
              "@" + body);
      assertThat(stow.out()).contains("HTTP 409");
      // Failure Reason (0008,1197) 0124: refused, not authorized
      assertThat(stow.out()).contains("\"00081197\"").contains("292");
    }
    Run list = ArchiveTesting.ward("quarantine", "list", "--data", data.toString());
    assertThat(list.status()).as(list.err()).isZero();
    assertThat(list.out()).contains("from modality1").contains("ELF executable");
    assertThat(list.out()).contains("1 object(s) in quarantine");
    String key = list.out().substring(0, 32);
    Run export =
        ArchiveTesting.ward(
            "quarantine", "export", key, "--out", exported.toString(), "--data", data.toString());
    assertThat(export.status()).as(export.err()).isZero();
    assertThat(Files.readAllBytes(exported)).isEqualTo(elf);
    assertThat(ArchiveTesting.ward("quarantine", "delete", key, "--data", data.toString()).status())
        .isZero();
    assertThat(ArchiveTesting.ward("quarantine", "list", "--data", data.toString()).out())
        .contains("0 object(s) in quarantine");

    // an authorized look-up of the pseudonym gives the SSN back, and is itself audited
    long before = auditRecords(data);
    Run reveal = ArchiveTesting.ward("pseudonym", "reveal", pseudonym, "--data", data.toString());
    assertThat(reveal.status()).as(reveal.err()).isZero();
    assertThat(reveal.out().strip()).isEqualTo(SSN);
    assertThat(auditRecords(data)).isEqualTo(before + 1);
    Run unknown =
        ArchiveTesting.ward(
            "pseudonym", "reveal", "WARDPSN-000000000000000000000000", "--data", data.toString());
    assertThat(unknown.status()).isEqualTo(1);
  }

  private static long auditRecords(Path data) {
    Run v = ArchiveTesting.ward("audit", "verify", "--data", data.toString());
    assertThat(v.status()).as(v.out() + v.err()).isZero();
    Matcher m = Pattern.compile("audit trail: (\\d+) records").matcher(v.out());
    assertThat(m.find()).as(v.out()).isTrue();
    return Long.parseLong(m.group(1));
  }
}
