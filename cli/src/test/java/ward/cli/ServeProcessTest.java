package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.cli.ArchiveTesting.Run;

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
