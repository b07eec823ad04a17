package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Tags;

/** {@code ward serve} as users meet it: first start, provisioning while it runs, bad settings. */
class ServeProcessTest {
  @TempDir Path work;

  @Test
  void firstStartPrintsASetupTokenAndUsersCanBeAddedWhileItRuns() throws Exception {
    Path data = work.resolve("data");
    int port = ArchiveTesting.configure(data);
    Path log = work.resolve("serve.log");
    Process server = ArchiveTesting.serve(data, log);
    try {
      ArchiveTesting.awaitRunning(server, log);
      String out = Files.readString(log);
      assertThat(out)
          .contains("no administrator yet")
          .containsPattern("setup token[^:]*: \\S{20,}");
      assertThat(data.resolve("tls").resolve("ca.pem")).exists();

      Path pw = work.resolve("modality.pw");
      Files.writeString(pw, "a long enough password\n");
      Run added =
          ArchiveTesting.ward(
              "user",
              "add",
              "ct1",
              "--role",
              "UPLOADER",
              "--password-file",
              pw.toString(),
              "--data",
              data.toString());
      assertThat(added.status()).as(added.err()).isZero();
      assertThat(added.out()).contains("by the running archive");
      assertThat(ArchiveTesting.files(data.resolve("provision"))).isEmpty();

      Path studies = work.resolve("studies");
      ArchiveTesting.wardOk(
          "synth", "--out", studies.toString(), "--patients", "1", "--small", "--seed", "3");
      List<String> store =
          new ArrayList<>(
              List.of(
                  "storescu",
                  "+tla",
                  "+cf",
                  data.resolve("tls").resolve("ca.pem").toString(),
                  "--user",
                  "ct1",
                  "--password",
                  "a long enough password",
                  "-aet",
                  "CT1",
                  "-aec",
                  "WARD",
                  "127.0.0.1",
                  Integer.toString(port),
                  "+sd",
                  "+r",
                  studies.toString()));
      Run stored = ArchiveTesting.run(work, store);
      assertThat(stored.status()).as(stored.out()).isZero();

      Path weak = work.resolve("weak.pw");
      Files.writeString(weak, "short\n");
      Run refused =
          ArchiveTesting.ward(
              "user",
              "add",
              "ct2",
              "--role",
              "UPLOADER",
              "--password-file",
              weak.toString(),
              "--data",
              data.toString());
      assertThat(refused.status()).isNotZero();
      assertThat(refused.err()).contains("ward:");
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(log)).doesNotContain("a long enough password");
  }

  /** curl over HTTPS trusting the archive's CA; returns status line and body. */
  private Run curl(Path ca, String... args) throws Exception {
    List<String> c =
        new ArrayList<>(
            List.of("curl", "-sS", "--cacert", ca.toString(), "-w", "\nHTTP %{http_code}"));
    c.addAll(List.of(args));
    return ArchiveTesting.run(work, c);
  }

  private static String json(String field, String body) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
    assertThat(m.find()).as(field + " in " + body).isTrue();
    return m.group(1);
  }

  @Test
  void dicomwebWithTokensFromSetupAndLogin() throws Exception {
    Path data = work.resolve("data");
    ArchiveTesting.configure(data);
    Matcher hp =
        Pattern.compile("https.port = (\\d+)").matcher(Files.readString(data.resolve("ward.conf")));
    assertThat(hp.find()).isTrue();
    String base = "https://127.0.0.1:" + hp.group(1);
    Path log = work.resolve("serve.log");
    Process server = ArchiveTesting.serve(data, log);
    try {
      ArchiveTesting.awaitRunning(server, log);
      Matcher t = Pattern.compile("setup token[^:]*: (\\S+)").matcher(Files.readString(log));
      assertThat(t.find()).isTrue();
      Path ca = data.resolve("tls").resolve("ca.pem");

      // the first administrator, with the one-time token; the token works once only
      String setup =
          "{\"setupToken\":\""
              + t.group(1)
              + "\",\"name\":\"admin\",\"password\":\"an admin password\"}";
      Run first =
          curl(
              ca,
              "-X",
              "POST",
              "-H",
              "Content-Type: application/json",
              "-d",
              setup,
              base + "/api/setup");
      assertThat(first.out()).contains("HTTP 200");
      String adminToken = json("token", first.out());
      Run again =
          curl(
              ca,
              "-X",
              "POST",
              "-H",
              "Content-Type: application/json",
              "-d",
              setup,
              base + "/api/setup");
      assertThat(again.out()).contains("HTTP 403");

      // an administrator does not read images by that role alone
      Run adminQuery =
          curl(ca, "-H", "Authorization: Bearer " + adminToken, base + "/dicomweb/studies");
      assertThat(adminQuery.out()).contains("HTTP 403");

      // users added while the archive runs log in and get tokens
      for (String[] u : new String[][] {{"ct1", "UPLOADER"}, {"reader1", "READER"}}) {
        Path pw = work.resolve(u[0] + ".pw");
        Files.writeString(pw, "password of " + u[0] + "\n");
        ArchiveTesting.wardOk(
            "user",
            "add",
            u[0],
            "--role",
            u[1],
            "--password-file",
            pw.toString(),
            "--data",
            data.toString());
      }
      String uploader =
          json(
              "token",
              curl(
                      ca,
                      "-X",
                      "POST",
                      "-H",
                      "Content-Type: application/json",
                      "-d",
                      "{\"name\":\"ct1\",\"password\":\"password of ct1\"}",
                      base + "/api/login")
                  .out());
      String reader =
          json(
              "token",
              curl(
                      ca,
                      "-X",
                      "POST",
                      "-H",
                      "Content-Type: application/json",
                      "-d",
                      "{\"name\":\"reader1\",\"password\":\"password of reader1\"}",
                      base + "/api/login")
                  .out());

      // STOW-RS of a synthetic instance, as the uploader
      Path studies = work.resolve("studies");
      ArchiveTesting.wardOk(
          "synth",
          "--out",
          studies.toString(),
          "--patients",
          "1",
          "--series-per-study",
          "1",
          "--instances-per-series",
          "1",
          "--small",
          "--seed",
          "9");
      Path file = ArchiveTesting.files(studies).get(0);
      DataSet sent = DicomReader.readFile(file).dataSet();
      Path body = work.resolve("stow.body");
      try (OutputStream out = Files.newOutputStream(body)) {
        out.write(
            "--WARDTEST\r\nContent-Type: application/dicom\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.write(Files.readAllBytes(file));
        out.write("\r\n--WARDTEST--\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      String multipart =
          "Content-Type: multipart/related; type=\"application/dicom\"; boundary=WARDTEST";
      Run anonymousStow =
          curl(
              ca,
              "-X",
              "POST",
              "-H",
              multipart,
              "--data-binary",
              "@" + body,
              base + "/dicomweb/studies");
      assertThat(anonymousStow.out()).contains("HTTP 401");
      Run stow =
          curl(
              ca,
              "-X",
              "POST",
              "-H",
              multipart,
              "-H",
              "Authorization: Bearer " + uploader,
              "--data-binary",
              "@" + body,
              base + "/dicomweb/studies");
      assertThat(stow.out()).contains("HTTP 200");

      // QIDO-RS and WADO-RS as the reader
      String study = sent.getString(Tags.StudyInstanceUID);
      Run qido =
          curl(
              ca,
              "-H",
              "Authorization: Bearer " + reader,
              base + "/dicomweb/studies?PatientID=" + sent.getString(Tags.PatientID));
      assertThat(qido.out()).contains("HTTP 200").contains(study);
      Path wado = work.resolve("wado.body");
      Run retrieve =
          curl(
              ca,
              "-H",
              "Authorization: Bearer " + reader,
              "-H",
              "Accept: multipart/related; type=\"application/dicom\"",
              "-o",
              wado.toString(),
              base
                  + "/dicomweb/studies/"
                  + study
                  + "/series/"
                  + sent.getString(Tags.SeriesInstanceUID)
                  + "/instances/"
                  + sent.getString(Tags.SOPInstanceUID));
      assertThat(retrieve.out()).contains("HTTP 200");
      byte[] got = Files.readAllBytes(wado);
      byte[] pixels = sent.getBytes(Tags.PixelData);
      assertThat(indexOf(got, pixels)).as("the pixel data comes back").isGreaterThan(0);

      // the uploader may not read, nobody anonymous may read, and refusals are logged
      Run uploaderQuery =
          curl(ca, "-H", "Authorization: Bearer " + uploader, base + "/dicomweb/studies");
      assertThat(uploaderQuery.out()).contains("HTTP 403");
      Run anonymous = curl(ca, base + "/dicomweb/studies");
      assertThat(anonymous.out()).contains("HTTP 401");
      Run plainHttp =
          ArchiveTesting.run(
              work,
              List.of(
                  "curl",
                  "-sS",
                  "-m",
                  "5",
                  "http://127.0.0.1:" + hp.group(1) + "/dicomweb/studies"));
      assertThat(plainHttp.status()).isNotZero();
      assertThat(Files.readString(log)).contains("HTTPS request refused");
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void aBadConfigurationIsExplainedAndRefused() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    Files.writeString(data.resolve("ward.conf"), "dicom.port = 99999\nsecure = false\n");
    Run check = ArchiveTesting.ward("config", "check", "--data", data.toString());
    assertThat(check.status()).isEqualTo(2);
    assertThat(check.err())
        .contains("ward.conf:1: dicom.port")
        .contains("ward.conf:2: secure: unknown setting");
    Run serve = ArchiveTesting.ward("serve", "--data", data.toString());
    assertThat(serve.status()).isEqualTo(2);
    assertThat(serve.err()).contains("dicom.port");

    Files.writeString(data.resolve("ward.conf"), "ae-title = MAIN\n");
    Run ok = ArchiveTesting.ward("config", "check", "--data", data.toString());
    assertThat(ok.status()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("ae-title").contains("MAIN").contains("WARD_AE_TITLE");
  }
}
