package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Tags;

/**
 * The OHIF Viewer's published build (npm's {@code @ohif/app}, fetched by {@code run-tests} into
 * {@code WARD_TEST_OHIF_DIR}) served by Ward at {@code /ohif/}, in Debian's chromium: after a Ward
 * login it lists and displays a study stored by dcmtk's storescu, reading Ward's DICOMweb with the
 * session cookie; a patient's OHIF sees only the patient's own study; without a login it shows
 * nothing.
 */
@Timeout(900)
class OhifViewerBrowserTest {
  @TempDir Path work;

  private Process server;
  private WebDriver browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  void ohifDisplaysAStudyThroughWardsDicomwebWithTheWardSession() throws Exception {
    String ohif = System.getenv("WARD_TEST_OHIF_DIR");
    assertThat(ohif)
        .as("WARD_TEST_OHIF_DIR: the OHIF Viewer build that run-tests fetches from npm")
        .isNotNull();
    assertThat(Path.of(ohif, "index.html")).as("the OHIF Viewer build").isRegularFile();

    Path data = work.resolve("data");
    int dicomPort = ArchiveTesting.configure(data);
    Files.writeString(
        data.resolve("ward.conf"),
        Files.readString(data.resolve("ward.conf")) + "web.ohif-dir = " + ohif + "\n");
    String base = ArchiveTesting.httpsBase(data);
    Path modality = ArchiveTesting.user(work, data, "modality1", "UPLOADER");
    ArchiveTesting.user(work, data, "reader1", "READER");

    Path studies = ArchiveTesting.synth(work.resolve("studies"), 2, 4, 17);
    List<String> studyUids = new ArrayList<>();
    List<String> patientIds = new ArrayList<>();
    List<String> families = new ArrayList<>(); // as OHIF's study list shows the patients
    try (var s = Files.list(studies)) {
      for (Path patient : s.sorted().toList()) {
        DataSet ds = DicomReader.readFile(ArchiveTesting.files(patient).get(0)).dataSet();
        studyUids.add(ds.getString(Tags.StudyInstanceUID));
        patientIds.add(ds.getString(Tags.PatientID));
        families.add(ds.getString(Tags.PatientName).split("\\^")[0].toUpperCase(Locale.ROOT));
      }
    }
    Path patientPassword = work.resolve("patient1.pw");
    Files.writeString(patientPassword, "correct horse patient1\n");
    ArchiveTesting.wardOk(
        "user",
        "add",
        "patient1",
        "--role",
        "PATIENT",
        "--patient-id",
        patientIds.get(1),
        "--password-file",
        patientPassword.toString(),
        "--data",
        data.toString());

    Path log = work.resolve("serve.log");
    server = ArchiveTesting.serve(data, log);
    ArchiveTesting.awaitRunning(server, log);
    Path ca = data.resolve("tls").resolve("ca.pem");
    Run store =
        ArchiveTesting.storeAsUser(
            work,
            ca,
            dicomPort,
            "modality1",
            modality,
            "MODALITY1",
            "+sd",
            "+r",
            studies.toString());
    assertThat(store.status()).as(store.out()).isZero();

    browser = Chromium.start(work, data.resolve("tls").resolve("server.pem"));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));

    // Without a login the viewer's shell loads, but every data request is refused: OHIF is sent
    // to Ward's login page.
    browser.get(base + "/ohif/viewer?StudyInstanceUIDs=" + studyUids.get(0));
    wait.until(d -> d.getCurrentUrl().endsWith("#/login"));
    Chromium.screenshot(browser, "ohif-01-anonymous-sent-to-login");

    // A reader signs in with Ward's login; OHIF then shows the study.
    login(wait, "reader1", "correct horse reader1");
    browser.get(base + "/ohif/viewer?StudyInstanceUIDs=" + studyUids.get(0));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("canvas")));
    wait.until(d -> pageText().contains("(1/4)"));
    Path shown = Chromium.screenshot(browser, "ohif-02-reader-viewer");
    assertThat(greyLevels(shown)).as("grey levels in the viewport").isGreaterThan(40);

    // The study list of OHIF lists both studies for the reader...
    browser.get(base + "/ohif/");
    wait.until(d -> pageText().contains("1-2 of 2"));
    assertThat(pageText().toUpperCase(Locale.ROOT)).contains(families.get(0), families.get(1));
    Chromium.screenshot(browser, "ohif-03-reader-study-list");

    // ... and only the patient's own for the patient.
    browser.get(base + "/");
    Object out =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch('/api/me').then(r => r.json()).then(me => fetch('/api/logout',"
                    + " {method: 'POST', headers: {'X-CSRF-Token': me.csrf}}))"
                    + ".then(r => done(r.status), e => done(String(e)));");
    assertThat(out).isEqualTo(204L);
    browser.manage().deleteAllCookies();
    browser.get(base + "/");
    login(wait, "patient1", "correct horse patient1");
    browser.get(base + "/ohif/");
    wait.until(d -> pageText().contains("1-1 of 1"));
    assertThat(pageText().toUpperCase(Locale.ROOT))
        .contains(families.get(1))
        .doesNotContain(families.get(0));
    Chromium.screenshot(browser, "ohif-04-patient-study-list");
  }

  private void login(WebDriverWait wait, String name, String password) {
    browser.get(browser.getCurrentUrl().replaceAll("/ohif/.*$", "/"));
    var form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    form.findElement(By.id("login-name")).clear();
    form.findElement(By.id("login-name")).sendKeys(name);
    form.findElement(By.id("login-password")).clear();
    form.findElement(By.id("login-password")).sendKeys(password);
    form.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("login-form")));
  }

  private String pageText() {
    return browser.findElement(By.tagName("body")).getText();
  }

  /** How many distinct grey levels the middle of the screenshot shows (the viewport). */
  private static int greyLevels(Path png) throws Exception {
    BufferedImage img = ImageIO.read(png.toFile());
    Set<Integer> levels = new HashSet<>();
    int w = img.getWidth();
    int h = img.getHeight();
    for (int y = h / 4; y < 3 * h / 4; y += 2) {
      for (int x = w / 3; x < 5 * w / 6; x += 2) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.abs(r - g) < 8 && Math.abs(g - b) < 8) {
          levels.add(g);
        }
      }
    }
    return levels.size();
  }
}
