package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.auth.Totp;
import ward.archive.config.ConfigLoader;
import ward.cli.ArchiveTesting.Run;

/**
 * A user turns on a second factor over HTTPS, as the browser interface does, and from then on
 * neither the web login nor a DICOM association (dcmtk's storescu with user identity) gets in with
 * the password alone; with a current code appended to the passcode it does. Every change is in the
 * audit trail.
 */
class ArchiveSecondFactorTest {
  @TempDir Path work;

  @Test
  void aSecondFactorGuardsTheWebLoginAndDicomAssociations() throws Exception {
    Path data = work.resolve("data");
    int port = ArchiveTesting.configure(data);
    String base = ArchiveTesting.httpsBase(data);
    Path password = ArchiveTesting.user(work, data, "tech1", "UPLOADER");
    Path studies = ArchiveTesting.synth(work.resolve("studies"), 1, 1, 7);
    Path auditor = ArchiveTesting.user(work, data, "auditor1", "AUDITOR");
    Path admin = ArchiveTesting.user(work, data, "admin1", "ADMINISTRATOR");
    ConfigLoader.Result config = ConfigLoader.load(data, null, Map.of(), Map.of());
    Path ca = data.resolve("tls").resolve("ca.pem");
    try (Archive archive = Archive.start(config.config(), new PrintWriter(new StringWriter()))) {
      String token = ArchiveTesting.login(work, ca, base, "tech1", password);
      Run begin = ArchiveTesting.curl(work, ca, token, base + "/api/me/totp", "-X", "POST");
      assertThat(begin.out()).endsWith("HTTP 200");
      String secret = member(begin.out(), "secret");

      Run confirm =
          ArchiveTesting.curl(
              work,
              ca,
              token,
              base + "/api/me/totp/confirm",
              "-H",
              "Content-Type: application/json",
              "-d",
              "{\"code\":\"" + Totp.code(secret, Instant.now()) + "\"}");
      assertThat(confirm.out()).endsWith("HTTP 204");
      Run me = ArchiveTesting.curl(work, ca, token, base + "/api/me");
      assertThat(me.out()).contains("\"totp\":true").contains("\"roles\":[\"UPLOADER\"]");

      // The web login: refused without the code, accepted with the next step's (the current one
      // was spent confirming; one step of drift either way is allowed).
      Run without = loginCall(ca, base, Files.readString(password).strip(), null);
      assertThat(without.out()).contains("not accepted").endsWith("HTTP 401");
      long used = Totp.step(Instant.now()) + 1;
      String next = codeOf(secret, used);
      Run with = loginCall(ca, base, Files.readString(password).strip(), next);
      assertThat(with.out()).contains("\"token\"").endsWith("HTTP 200");

      // DICOM: the password alone is refused; password + a fresh code is accepted.
      String file = ArchiveTesting.files(studies).get(0).toString();
      Run plain = ArchiveTesting.storeAsUser(work, ca, port, "tech1", password, "TECH1", file);
      assertThat(plain.status()).as(plain.out()).isNotZero();
      Path withCode = work.resolve("tech1-with-code.pw");
      String previous = Totp.code(secret, Instant.now().minusSeconds(Totp.STEP_SECONDS));
      // the previous step's code is older than the one just used: refused as a replay
      Files.writeString(withCode, Files.readString(password).strip() + previous);
      Run replay = ArchiveTesting.storeAsUser(work, ca, port, "tech1", withCode, "TECH1", file);
      assertThat(replay.status()).as(replay.out()).isNotZero();
      // Each code is taken once: the next one usable is the step after the one used to log in,
      // accepted (one step early) as soon as the clock reaches the used one.
      awaitStep(used);
      Files.writeString(withCode, Files.readString(password).strip() + codeOf(secret, used + 1));
      Run stored = ArchiveTesting.storeAsUser(work, ca, port, "tech1", withCode, "TECH1", file);
      assertThat(stored.status()).as(stored.out()).isZero();

      // The user lost their phone: an administrator resets the factor; the password alone works.
      String adminToken = ArchiveTesting.login(work, ca, base, "admin1", admin);
      assertThat(ArchiveTesting.curl(work, ca, adminToken, base + "/api/admin/users").out())
          .containsPattern("\"name\":\"tech1\"[^}]*\"totp\":true");
      Run reset =
          ArchiveTesting.curl(
              work,
              ca,
              adminToken,
              base + "/api/admin/users/tech1/reset-second-factor",
              "-X",
              "POST");
      assertThat(reset.out()).endsWith("HTTP 204");
      assertThat(ArchiveTesting.curl(work, ca, adminToken, base + "/api/admin/users").out())
          .containsPattern("\"name\":\"tech1\"[^}]*\"totp\":false");
      assertThat(loginCall(ca, base, Files.readString(password).strip(), null).out())
          .endsWith("HTTP 200");

      String auditToken = ArchiveTesting.login(work, ca, base, "auditor1", auditor);
      Run trail = ArchiveTesting.curl(work, ca, auditToken, base + "/api/audit?user=tech1");
      assertThat(trail.out()).contains("second factor (TOTP) turned on");
      Run byAdmin = ArchiveTesting.curl(work, ca, auditToken, base + "/api/audit?user=admin1");
      assertThat(byAdmin.out())
          .contains("second factor (TOTP) of user tech1 reset by an administrator");
    }
  }

  private static String codeOf(String secret, long step) {
    return Totp.code(secret, Instant.ofEpochSecond(step * Totp.STEP_SECONDS));
  }

  /** Waits until the clock has reached the TOTP step {@code step}. */
  private static void awaitStep(long step) throws InterruptedException {
    while (Totp.step(Instant.now()) < step) {
      Thread.sleep(200);
    }
  }

  private Run loginCall(Path ca, String base, String password, String code) throws Exception {
    String body =
        "{\"name\":\"tech1\",\"password\":\""
            + password
            + "\""
            + (code == null ? "" : ",\"code\":\"" + code + "\"")
            + "}";
    return ArchiveTesting.run(
        work,
        List.of(
            "curl",
            "-sS",
            "--cacert",
            ca.toString(),
            "-w",
            "\nHTTP %{http_code}",
            "-H",
            "Content-Type: application/json",
            "-d",
            body,
            base + "/api/login"));
  }

  private static String member(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }
}
