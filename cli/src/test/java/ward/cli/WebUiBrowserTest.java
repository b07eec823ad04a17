package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import ward.archive.auth.Totp;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.DicomReader;
import ward.dicom.Tags;

/**
 * The web interface in a real browser: Debian's chromium driven through its chromedriver against a
 * running {@code ward serve} that holds synthetic studies stored by dcmtk's storescu. One of the
 * patients is named with a script and another with an HTML element: both must show as text and
 * neither may run or reach the page as markup. Screenshots of each step are kept in {@code
 * cli/target/screenshots/}.
 */
@Timeout(600)
class WebUiBrowserTest {
  private static final Path RT_DOSE =
      Paths.get("/usr/lib/python3/dist-packages/pydicom/data/test_files/rtdose.dcm");
  private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
  private static final String SCRIPT_NAME = "<script>alert(1)</script>";
  // No '=' in it: in a person name that separates the alphabetic from the ideographic form.
  private static final String ELEMENT_NAME = "<img src onerror><b>BOLD</b>";

  @TempDir Path work;

  private final Path screenshots = Paths.get("target", "screenshots");
  private Process server;
  private WebDriver browser;
  private WebDriverWait wait;
  private int shot;

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
  void aReaderFindsViewsAndWindowsAStudyAndAPatientSeesOnlyTheirOwn() throws Exception {
    Path data = work.resolve("data");
    int dicomPort = ArchiveTesting.configure(data);
    String base = ArchiveTesting.httpsBase(data);
    Path modality = ArchiveTesting.user(work, data, "modality1", "UPLOADER");
    ArchiveTesting.user(work, data, "reader1", "READER");
    ArchiveTesting.user(work, data, "admin1", "ADMINISTRATOR");
    ArchiveTesting.user(work, data, "auditor1", "AUDITOR");

    // Three patients: an ordinary name, a script and an HTML element with a handler.
    Path studies = ArchiveTesting.synth(work.resolve("studies"), 3, 3, 8);
    List<Path> patients;
    try (var s = Files.list(studies)) {
      patients = s.sorted().toList();
    }
    assertThat(patients).hasSize(3);
    String[] names = {"DOE^JANE", SCRIPT_NAME, ELEMENT_NAME};
    // Native, JPEG lossless (process 14 SV1) and JPEG baseline, made by dcmtk's dcmcjpeg.
    String[] compression = {null, "+e1", "+eb"};
    String[] transferSyntax = {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2.4.70", JPEG_BASELINE};
    List<String> patientIds = new ArrayList<>();
    List<String> studyUids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      List<String> c = new ArrayList<>(List.of("dcmodify", "-nb", "-i", "PatientName=" + names[i]));
      List<Path> files = ArchiveTesting.files(patients.get(i));
      files.forEach(f -> c.add(f.toString()));
      Run r = ArchiveTesting.run(work, c);
      assertThat(r.status()).as(r.out()).isZero();
      for (Path f : files) {
        if (compression[i] != null) {
          Path compressed = work.resolve("compressed.dcm");
          Run cj =
              ArchiveTesting.run(
                  work, List.of("dcmcjpeg", compression[i], f.toString(), compressed.toString()));
          assertThat(cj.status()).as(cj.out()).isZero();
          Files.move(compressed, f, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      DicomFile file = DicomReader.readFile(files.get(0));
      assertThat(file.transferSyntax().uid()).isEqualTo(transferSyntax[i]);
      DataSet ds = file.dataSet();
      assertThat(ds.getString(Tags.PatientName)).isEqualTo(names[i]);
      patientIds.add(ds.getString(Tags.PatientID));
      studyUids.add(ds.getString(Tags.StudyInstanceUID));
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
        patientIds.get(0),
        "--password-file",
        patientPassword.toString(),
        "--data",
        data.toString());

    Path log = work.resolve("serve.log");
    server = ArchiveTesting.serve(data, log);
    ArchiveTesting.awaitRunning(server, log);
    Path ca = data.resolve("tls").resolve("ca.pem");
    // One storescu per patient, each proposing its files' transfer syntax (storescu proposes JPEG
    // only when told: -xs lossless SV1, -xy baseline), so that nothing is converted on the way.
    String[] propose = {"-x=", "-xs", "-xy"};
    for (int i = 0; i < 3; i++) {
      Run store =
          ArchiveTesting.storeAsUser(
              work,
              ca,
              dicomPort,
              "modality1",
              modality,
              "MODALITY1",
              propose[i],
              "+sd",
              "+r",
              patients.get(i).toString());
      assertThat(store.status()).as(store.out()).isZero();
      store
          .out()
          .lines()
          .filter(l -> l.contains("Converting transfer syntax: "))
          .map(l -> l.substring(l.indexOf(": ", 3) + 2).split(" -> "))
          .forEach(ts -> assertThat(ts[1]).as("storescu converted").isEqualTo(ts[0]));
    }

    // A multi-frame object from pydicom's corpus: an RT Dose of 15 frames.
    Run dose =
        ArchiveTesting.storeAsUser(
            work, ca, dicomPort, "modality1", modality, "MODALITY1", RT_DOSE.toString());
    assertThat(dose.status()).as(dose.out()).isZero();

    startBrowser(data.resolve("tls").resolve("server.pem"));

    // An anonymous visit lands on the login page; a wrong password is refused with the reason.
    browser.get(base + "/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    assertThat(browser.getCurrentUrl()).endsWith("#/login");
    assertThat(browser.findElement(By.id("nav")).findElements(By.tagName("a"))).isEmpty();
    screenshot("anonymous-login");
    login("reader1", "wrong password");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-status"), "not"));
    assertThat(text(By.id("login-status"))).contains("not accepted");

    // The reader signs in and sees the study browser; the menu holds only what the roles allow.
    login("reader1", "correct horse reader1");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("study-search")));
    assertThat(text(By.id("signed-in-as"))).isEqualTo("reader1");
    assertThat(navigation())
        .contains("Studies", "Account")
        .doesNotContain("Administration", "Audit");
    wait.until(d -> d.findElements(By.cssSelector("#study-results tbody tr")).size() == 4);
    screenshot("reader-all-studies");

    // Every patient value is text: the names show literally, nothing runs or reaches the markup.
    String results = text(By.id("study-results"));
    assertThat(results).contains(SCRIPT_NAME, ELEMENT_NAME, "DOE, JANE");
    assertNothingInjected();

    // Search by name, open the study: the series thumbnail has rendered.
    WebElement name = browser.findElement(By.id("q-name"));
    name.clear();
    name.sendKeys("doe");
    browser.findElement(By.id("q-submit")).click();
    wait.until(d -> d.findElements(By.cssSelector("#study-results tbody tr")).size() == 1);
    assertThat(text(By.cssSelector("#study-results tbody tr"))).contains("DOE, JANE");
    screenshot("search-by-name");
    browser.findElement(By.cssSelector("#study-results tbody tr")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("series-list")));
    assertThat(browser.getCurrentUrl()).endsWith("#/study/" + studyUids.get(0));
    WebElement thumb = browser.findElement(By.cssSelector("#series-list img.thumb"));
    wait.until(d -> naturalWidth(thumb) > 0);
    assertThat(naturalWidth(thumb)).isEqualTo(128);
    screenshot("study-series");

    // The viewer shows a rendered, non-blank image.
    browser.findElement(By.cssSelector("#series-list a.card")).click();
    WebElement image =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("viewer-image")));
    wait.until(d -> naturalWidth(image) > 0 && "0".equals(image.getAttribute("data-index")));
    assertThat(naturalWidth(image)).isEqualTo(64); // the synthetic images are 64x64
    Map<String, Object> first = pixels(image);
    assertGreyLevels(first);
    String initialWindow = image.getAttribute("data-window");
    assertThat(initialWindow).as("the window of the image's metadata").isNotEmpty();
    screenshot("viewer");

    // Window/level by preset changes the pixels the browser shows.
    browser.findElement(By.id("preset-lung")).click();
    wait.until(d -> "-600,1500".equals(image.getAttribute("data-window")));
    Map<String, Object> lung = pixels(image);
    assertThat(lung.get("hash")).isNotEqualTo(first.get("hash"));
    assertThat(browser.findElement(By.id("wc")).getAttribute("value")).isEqualTo("-600");
    screenshot("viewer-lung-window");

    // ... and by dragging on the image.
    WebElement stage = browser.findElement(By.id("viewer-stage"));
    new Actions(browser)
        .moveToElement(stage)
        .clickAndHold()
        .moveByOffset(-120, 60)
        .release()
        .perform();
    wait.until(
        d -> {
          String w = image.getAttribute("data-window");
          return w != null && !w.equals("-600,1500") && !w.isEmpty();
        });
    String[] dragged = image.getAttribute("data-window").split(",");
    assertThat(Double.parseDouble(dragged[1])).isLessThan(1500); // dragged left: narrower
    assertThat(Double.parseDouble(dragged[0])).isGreaterThan(-600); // dragged down: higher
    Map<String, Object> afterDrag = pixels(image);
    assertThat(afterDrag.get("hash")).isNotEqualTo(lung.get("hash"));

    // The arrow keys move through the series.
    stage.sendKeys(org.openqa.selenium.Keys.ARROW_DOWN);
    wait.until(d -> "1".equals(image.getAttribute("data-index")));
    assertThat(text(By.id("viewer-position"))).isEqualTo("2 / 3");
    screenshot("viewer-dragged-next-image");

    // The frames of a multi-frame object are images of the series: End shows the last one.
    browser.get(base + "/#/viewer/1.2.999.999.99.9.9999.8888/1.2.777.777.77.7.7777.7777");
    WebElement frame =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("viewer-image")));
    wait.until(d -> naturalWidth(frame) > 0 && "0".equals(frame.getAttribute("data-index")));
    assertThat(text(By.id("viewer-position"))).isEqualTo("1 / 15");
    assertThat(naturalWidth(frame)).isEqualTo(10);
    Map<String, Object> firstFrame = pixels(frame);
    assertGreyLevels(firstFrame);
    browser.findElement(By.id("viewer-stage")).sendKeys(org.openqa.selenium.Keys.END);
    wait.until(d -> "14".equals(frame.getAttribute("data-index")));
    assertThat(text(By.id("viewer-position"))).isEqualTo("15 / 15");
    assertThat(pixels(frame).get("hash")).isNotEqualTo(firstFrame.get("hash"));
    assertThat(browser.findElements(By.cssSelector("#viewer-status .msg"))).isEmpty();
    screenshot("viewer-last-frame");

    // The script-named patient's study page shows the name as text.
    browser.get(base + "/#/study/" + studyUids.get(1));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("study-patient")));
    assertThat(text(By.id("study-patient"))).isEqualTo(SCRIPT_NAME);
    assertNothingInjected();
    screenshot("script-named-patient");

    // JPEG lossless and JPEG baseline series render too, as PNG and as JPEG.
    assertRendersInViewer(studyUids.get(1), "jpeg-lossless");
    browser.get(base + "/#/study/" + studyUids.get(2));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("study-patient")));
    assertThat(text(By.id("study-patient"))).isEqualTo(ELEMENT_NAME);
    assertNothingInjected();
    WebElement baseline = assertRendersInViewer(studyUids.get(2), "jpeg-baseline");
    String pngHash = String.valueOf(pixels(baseline).get("hash"));
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("viewer-format")))
        .selectByValue("image/jpeg");
    wait.until(d -> !String.valueOf(pixels(baseline).get("hash")).equals(pngHash));
    assertGreyLevels(pixels(baseline));
    screenshot("viewer-jpeg-baseline-as-jpeg");

    // Logout returns to the login page; the pages need a login again.
    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    assertThat(browser.getCurrentUrl()).endsWith("#/login");
    browser.get(base + "/#/studies");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    screenshot("signed-out");

    // A session that ends on the server (here: its cookie is gone) leads back to the login.
    login("reader1", "correct horse reader1");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("study-search")));
    browser.manage().deleteCookieNamed("ward_session");
    browser.findElement(By.id("q-submit")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    assertThat(text(By.id("notice"))).contains("sign in again");

    // A patient sees only their own study, and cannot open another's.
    login("patient1", "correct horse patient1");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-studies")));
    assertThat(navigation()).contains("My images").doesNotContain("Studies", "Administration");
    wait.until(d -> !d.findElements(By.cssSelector("#portal-studies tbody tr")).isEmpty());
    List<WebElement> own = browser.findElements(By.cssSelector("#portal-studies tbody tr"));
    assertThat(own).hasSize(1);
    assertThat(own.get(0).getText()).contains("DOE, JANE", patientIds.get(0));
    wait.until(d -> !text(By.id("portal-accesses")).contains("Loading"));
    assertThat(text(By.id("portal-accesses"))).contains("reader1");
    // A request to delete: a POST with the session cookie, which needs the CSRF token.
    WebElement ask = wait.until(ExpectedConditions.elementToBeClickable(By.id("deletion-request")));
    ask.findElement(By.name("reason")).sendKeys("I withdraw my consent");
    ask.findElement(By.tagName("button")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("portal-requests"), "PENDING"));
    assertThat(text(By.id("portal-requests"))).contains("I withdraw my consent", studyUids.get(0));
    screenshot("patient-portal");
    browser.get(base + "/#/study/" + studyUids.get(1));
    wait.until(
        d -> text(By.id("main")).contains("not found") || text(By.id("main")).contains("Not"));
    assertThat(text(By.id("main"))).doesNotContain(SCRIPT_NAME, patientIds.get(1));
    screenshot("patient-other-study");
    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));

    // An administrator sees the users, adds one (a POST with the CSRF token) and sees the
    // patient's request to delete.
    login("admin1", "correct horse admin1");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-part")));
    assertThat(navigation())
        .contains("Administration", "Security posture", "Account")
        .doesNotContain("Studies", "My images", "Audit");
    wait.until(d -> !d.findElements(By.cssSelector("#admin-part tbody tr")).isEmpty());
    assertThat(text(By.id("admin-part"))).contains("reader1", "patient1", patientIds.get(0));
    WebElement add = browser.findElement(By.id("add-user"));
    add.findElement(By.name("name")).sendKeys("reader2");
    add.findElement(By.name("password")).sendKeys("correct horse reader2");
    add.findElement(By.id("new-reader")).click();
    add.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("admin-part"), "reader2 is added"));
    screenshot("administration");
    browser.findElement(By.id("tab-deletions")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-part"), "PENDING"));
    assertThat(text(By.id("admin-part"))).contains("patient1", "I withdraw my consent");
    screenshot("administration-deletion-requests");
    browser.findElement(By.linkText("Security posture")).click();
    wait.until(
        d -> !d.findElements(By.cssSelector("#posture-result .msg, #posture-result dl")).isEmpty());
    // A scan of the archive's own listeners on demand: its result replaces the message.
    browser.findElement(By.id("posture-refresh")).click();
    new WebDriverWait(browser, Duration.ofSeconds(180))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("posture-when")));
    assertThat(text(By.id("posture-result"))).contains("127.0.0.1");
    screenshot("posture");
    browser.findElement(By.id("logout")).click();

    // An auditor sees the integrity of the audit trail and the records of a study.
    login("auditor1", "correct horse auditor1");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-search")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-intact")));
    assertThat(text(By.id("audit-intact"))).isEqualTo("intact");
    browser.get(base + "/#/audit?study=" + studyUids.get(0));
    wait.until(d -> !d.findElements(By.cssSelector("#audit-results tbody tr")).isEmpty());
    assertThat(text(By.id("audit-results"))).contains("reader1", "patient1");
    screenshot("audit");

    // ... and searches it by user and event: the reader's refused login, nobody else's records.
    browser.get(base + "/#/audit?user=reader1&event=User+Authentication&failures=true");
    wait.until(
        d ->
            d.getCurrentUrl().contains("user=reader1")
                && !d.findElements(By.cssSelector("#audit-results tbody tr")).isEmpty());
    List<WebElement> found = browser.findElements(By.cssSelector("#audit-results tbody tr"));
    for (WebElement row : found) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      assertThat(cells.get(2).getText()).isEqualTo("User Authentication");
      assertThat(cells.get(3).getText()).isNotEqualTo("SUCCESS");
      assertThat(cells.get(4).getText()).isEqualTo("reader1");
    }
    screenshot("audit-search");

    // The auditor turns one-time codes on; from then on a sign-in needs the code.
    browser.findElement(By.linkText("Account")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("totp-start"))).click();
    String secret =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-secret"))).getText();
    long enrolledStep = Totp.step(Instant.now());
    WebElement confirm = browser.findElement(By.id("totp-confirm"));
    confirm.findElement(By.name("code")).sendKeys(Totp.code(secret, Instant.now()));
    confirm.findElement(By.tagName("button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-disable")));
    assertThat(text(By.id("totp"))).contains("One-time codes are on");
    screenshot("totp-enrolled");
    browser.findElement(By.id("logout")).click();
    login("auditor1", "correct horse auditor1");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-status"), "not"));
    // A code is accepted once per 30-second step (RFC 6238 5.2): wait for the next one.
    while (Totp.step(Instant.now()) <= enrolledStep) {
      Thread.sleep(500);
    }
    browser.findElement(By.id("login-code")).sendKeys(Totp.code(secret, Instant.now()));
    login("auditor1", "correct horse auditor1");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-search")));
    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));

    // The pages kept to the Content-Security-Policy: the browser reported no violation but that
    // of a control, an image from another origin added here, which shows the reports are read.
    ((JavascriptExecutor) browser)
        .executeScript(
            "const i = document.createElement('img'); i.src = 'https://127.0.0.2:9/control.png';"
                + "document.body.appendChild(i);");
    List<String> violations = new ArrayList<>();
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (violations.stream().noneMatch(v -> v.contains("control.png"))
        && System.nanoTime() < until) {
      for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
        if (e.getMessage().contains("Content Security Policy")) {
          violations.add(e.getMessage());
        }
      }
      Thread.sleep(200);
    }
    assertThat(violations).anyMatch(v -> v.contains("control.png"));
    assertThat(violations).allMatch(v -> v.contains("control.png"));
  }

  // ---------------------------------------------------------------- the browser

  /** Chromium with the archive's key pinned; the screenshots of an earlier run are removed. */
  private void startBrowser(Path serverChain) throws Exception {
    browser = Chromium.start(work, serverChain);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    Files.createDirectories(screenshots);
    try (var old = Files.newDirectoryStream(screenshots, "ui-*.png")) {
      for (Path p : old) {
        Files.delete(p);
      }
    }
  }

  /** Opens the study's first series in the viewer and checks the image really rendered. */
  private WebElement assertRendersInViewer(String studyUid, String step) throws Exception {
    WebElement card =
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#series-list a.card")));
    assertThat(browser.getCurrentUrl()).endsWith("#/study/" + studyUid);
    WebElement thumb = card.findElement(By.tagName("img"));
    wait.until(d -> naturalWidth(thumb) > 0);
    card.click();
    WebElement image =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("viewer-image")));
    wait.until(d -> naturalWidth(image) > 0 && "0".equals(image.getAttribute("data-index")));
    assertThat(browser.findElements(By.cssSelector("#viewer-status .msg"))).isEmpty();
    assertGreyLevels(pixels(image));
    screenshot("viewer-" + step);
    return image;
  }

  private static void assertGreyLevels(Map<String, Object> pixels) {
    assertThat(((Number) pixels.get("max")).intValue() - ((Number) pixels.get("min")).intValue())
        .as("grey levels %s", pixels)
        .isGreaterThan(40);
    assertThat(((Number) pixels.get("distinct")).intValue()).as("%s", pixels).isGreaterThan(8);
  }

  private void login(String name, String password) {
    WebElement form =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    form.findElement(By.id("login-name")).clear();
    form.findElement(By.id("login-name")).sendKeys(name);
    form.findElement(By.id("login-password")).clear();
    form.findElement(By.id("login-password")).sendKeys(password);
    form.findElement(By.id("login-submit")).click();
  }

  private String text(By by) {
    return browser.findElement(by).getText();
  }

  private List<String> navigation() {
    return browser.findElement(By.id("nav")).findElements(By.tagName("a")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private long naturalWidth(WebElement img) {
    Object w =
        ((JavascriptExecutor) browser).executeScript("return arguments[0].naturalWidth", img);
    return ((Number) w).longValue();
  }

  /** The grey levels the browser decoded: drawn to a canvas and read back. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> pixels(WebElement img) {
    return (Map<String, Object>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "const img = arguments[0];"
                    + "const c = document.createElement('canvas');"
                    + "c.width = img.naturalWidth; c.height = img.naturalHeight;"
                    + "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
                    + "const d = g.getImageData(0, 0, c.width, c.height).data;"
                    + "let min = 255, max = 0, hash = 0; const seen = new Set();"
                    + "for (let i = 0; i < d.length; i += 4) {"
                    + "  const v = d[i]; if (v < min) min = v; if (v > max) max = v; seen.add(v);"
                    + "  hash = (Math.imul(hash, 31) + v) | 0; }"
                    + "return {min: min, max: max, distinct: seen.size, hash: hash};",
                img);
  }

  /** No alert is open, no element came from a patient value, no handler ran. */
  private void assertNothingInjected() {
    try {
      String alert = browser.switchTo().alert().getText();
      throw new AssertionError("an alert opened: " + alert);
    } catch (NoAlertPresentException expected) {
      // as it should be
    }
    JavascriptExecutor js = (JavascriptExecutor) browser;
    assertThat(js.executeScript("return document.querySelectorAll('img[onerror], b').length"))
        .isEqualTo(0L);
    assertThat(
            js.executeScript(
                "return [...document.querySelectorAll('script')]"
                    + ".filter(s => !s.src.endsWith('/ui/app.js')).length"))
        .isEqualTo(0L);
  }

  private void screenshot(String step) throws Exception {
    Chromium.screenshot(browser, String.format("ui-%02d-%s", ++shot, step));
  }
}
