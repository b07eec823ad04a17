package ward.bench.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import ward.net.client.ClientSettings;
import ward.net.client.DicomClient;
import ward.net.client.Peer;
import ward.net.client.StoreJob;
import ward.net.client.StoreListener;
import ward.net.client.StoreReport;
import ward.net.client.StoreResult;
import ward.net.tls.TlsProfile;

/**
 * The Ward C-STORE SCU of the store benchmark, driven line by line on standard input so that one
 * JVM serves the warm-up and every timed run (as a long-running sender would):
 *
 * <pre>
 * plain|tls CALLED_AE PORT PARALLEL CALLING_AE LIST_FILE
 * </pre>
 *
 * sends the files listed in LIST_FILE (one path a line) to {@code CALLED_AE@127.0.0.1:PORT} over
 * PARALLEL associations and answers one line: {@code RESULT stored failed seconds bytes}, where
 * seconds run from before the files are scanned to the last release (the same span storescu's wall
 * clock covers, less its process start).
 *
 * <p>Usage: {@code WardStoreScu [KEY.pem CHAIN.pem CA.pem]} (the client certificate for TLS).
 */
public final class WardStoreScu {

  private static final Pattern SPACES = Pattern.compile("\\s+");

  private WardStoreScu() {}

  public static void main(String[] args) throws IOException, GeneralSecurityException {
    TlsProfile tls = null;
    if (args.length == 3) {
      tls =
          TlsProfile.builder()
              .keyAndChain(Path.of(args[0]), Path.of(args[1]))
              .trustedCertificates(Path.of(args[2]))
              .build();
    } else if (args.length != 0) {
      System.err.println("usage: WardStoreScu [KEY CHAIN CA]");
      System.exit(2);
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] w = SPACES.split(line.strip(), -1);
      if (w.length != 6) {
        System.out.println("ERROR bad command: " + line);
        continue;
      }
      ClientSettings settings = ClientSettings.defaults().withCallingAe(w[4]);
      if (w[0].equals("tls")) {
        if (tls == null) {
          System.out.println("ERROR no TLS key given");
          continue;
        }
        settings = settings.withSocketFactory(tls.socketFactory());
      }
      DicomClient client = new DicomClient(Peer.parse(w[1] + "@127.0.0.1:" + w[2]), settings);
      List<Path> files =
          Files.readAllLines(Path.of(w[5]), StandardCharsets.UTF_8).stream()
              .filter(s -> !s.isBlank())
              .map(Path::of)
              .toList();
      long start = System.nanoTime();
      StoreReport report;
      try {
        report = client.store(StoreJob.scan(files), Integer.parseInt(w[3]), StoreListener.NONE);
      } catch (IOException e) {
        System.out.println("ERROR " + e);
        System.out.flush();
        continue;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      List<StoreResult> failures = report.failures();
      if (!failures.isEmpty()) {
        System.err.println("first failure: " + failures.get(0));
      }
      System.out.printf(
          Locale.ROOT,
          "RESULT %d %d %.6f %d%n",
          report.storedCount(),
          failures.size(),
          seconds,
          report.bytesSent());
      System.out.flush();
    }
  }
}
