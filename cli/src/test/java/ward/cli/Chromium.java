package ward.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's chromium through Debian's chromedriver, both named so that nothing is downloaded. The
 * browser trusts the archive's server key by its SPKI pin, not by ignoring certificate errors.
 */
final class Chromium {
  private Chromium() {}

  static WebDriver start(Path work, Path serverChain) throws Exception {
    X509Certificate cert;
    try (InputStream in = Files.newInputStream(serverChain)) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String pin =
        Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
    Path profile = Files.createTempDirectory(work, "chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        // WebGL in software, for viewers that draw with it (OHIF's cornerstone)
        "--enable-unsafe-swiftshader",
        "--window-size=1280,900",
        "--user-data-dir=" + profile,
        "--ignore-certificate-errors-spki-list=" + pin);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Paths.get("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .withLogFile(work.resolve("chromedriver.log").toFile())
            .build();
    return new ChromeDriver(service, options);
  }

  /** Saves what the browser shows as {@code target/screenshots/NAME.png}; returns the file. */
  static Path screenshot(WebDriver browser, String name) throws Exception {
    Path dir = Files.createDirectories(Paths.get("target", "screenshots"));
    Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    return Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
