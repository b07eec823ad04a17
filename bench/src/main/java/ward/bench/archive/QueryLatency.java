package ward.bench.archive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import ward.net.client.ClientSettings;
import ward.net.client.DicomClient;
import ward.net.client.Peer;
import ward.net.tls.TlsProfile;

/**
 * The client side of the archive benchmark, driven line by line on standard input so that one warm
 * JVM serves every measurement of a run (the peer's latency, not this JVM's start or JIT, is what
 * is measured). Each command answers one line, {@code ERROR ...} when it failed:
 *
 * <pre>
 * echo PROFILE CALLED_AE PORT CALLING_AE TIMEOUT_S
 *     C-ECHO on a new association every 10 ms until one succeeds: READY attempts
 * find PROFILE CALLED_AE PORT CALLING_AE SHAPE VALUES COUNT WARMUP
 *     one association; WARMUP then COUNT study-level C-FINDs, the matching value of query i
 *     being line i (round robin) of the file VALUES: RESULT count p50 p95 mean min max matches
 * login URL NAME PASSWORD_FILE PROFILE
 *     POST URL with {"name":..,"password":..}: TOKEN token
 * qido BASE_URL PROFILE TOKEN SHAPE VALUES COUNT WARMUP
 *     the same over one kept-alive HTTP/1.1 connection to BASE_URL/studies: RESULT ...
 * wado BASE_URL PROFILE TOKEN STUDIES CONNECTIONS
 *     WADO-RS retrieval of every study whose UID is a line of the file STUDIES, each once, over
 *     CONNECTIONS kept-alive connections at once (connection i takes studies i, i+CONNECTIONS...):
 *     RETRIEVED studies parts bytes seconds
 * stow BASE_URL PROFILE TOKEN FILES CONNECTIONS PER_REQUEST
 *     STOW-RS of every Part 10 file whose path is a line of the file FILES, PER_REQUEST files a
 *     request, over CONNECTIONS kept-alive connections at once (connection i takes the i-th of as
 *     many contiguous shares): STORED instances bytes seconds
 * </pre>
 *
 * PROFILE is {@code plain} or the name of a TLS profile given on the command line ({@code --tls
 * NAME KEY.pem CHAIN.pem CA.pem}, key and chain {@code -} for a client without a certificate);
 * TOKEN is {@code -} for none. Times are in milliseconds; matches is the number of studies found by
 * the COUNT timed queries together, so that the systems' answers can be compared.
 *
 * <p>Usage: {@code QueryLatency [--tls NAME KEY CHAIN CA]...}
 */
public final class QueryLatency {
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  private final Map<String, TlsProfile> profiles;

  private QueryLatency(Map<String, TlsProfile> profiles) {
    this.profiles = profiles;
  }

  public static void main(String[] args) throws IOException, GeneralSecurityException {
    Map<String, TlsProfile> profiles = new HashMap<>();
    for (int i = 0; i < args.length; i += 5) {
      if (!args[i].equals("--tls") || i + 4 >= args.length) {
        System.err.println("usage: QueryLatency [--tls NAME KEY CHAIN CA]...");
        System.exit(2);
      }
      TlsProfile.Builder b = TlsProfile.builder().trustedCertificates(Path.of(args[i + 4]));
      if (!args[i + 2].equals("-")) {
        b.keyAndChain(Path.of(args[i + 2]), Path.of(args[i + 3]));
      }
      profiles.put(args[i + 1], b.build());
    }
    QueryLatency driver = new QueryLatency(profiles);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      String answer;
      try {
        answer = driver.run(SPACES.split(line.strip(), -1));
      } catch (IOException | RuntimeException e) {
        answer = "ERROR " + e.toString().replace('\n', ' ');
      }
      System.out.println(answer);
      System.out.flush();
    }
  }

  private String run(String[] w) throws IOException {
    switch (w[0]) {
      case "echo":
        expect(w, 6);
        return echo(client(w[1], w[2], w[3], w[4]), Integer.parseInt(w[5]));
      case "find":
        expect(w, 9);
        return find(
            client(w[1], w[2], w[3], w[4]),
            QueryShape.of(w[5]),
            values(w[6]),
            Integer.parseInt(w[7]),
            Integer.parseInt(w[8]));
      case "login":
        expect(w, 5);
        return "TOKEN " + login(w[1], w[2], Files.readAllLines(Path.of(w[3])).get(0), w[4]);
      case "qido":
        expect(w, 8);
        QidoSession session = new QidoSession(w[1], tls(w[2]), optional(w[3]));
        return qido(
            session,
            QueryShape.of(w[4]),
            values(w[5]),
            Integer.parseInt(w[6]),
            Integer.parseInt(w[7]));
      case "wado":
        expect(w, 6);
        return wado(w[1], tls(w[2]), optional(w[3]), values(w[4]), Integer.parseInt(w[5]));
      case "stow":
        expect(w, 7);
        return stow(
            w[1],
            tls(w[2]),
            optional(w[3]),
            values(w[4]).stream().map(Path::of).toList(),
            Integer.parseInt(w[5]),
            Integer.parseInt(w[6]));
      default:
        throw new IllegalArgumentException("unknown command " + w[0]);
    }
  }

  private static void expect(String[] w, int n) {
    if (w.length != n) {
      throw new IllegalArgumentException(w[0] + " takes " + (n - 1) + " arguments");
    }
  }

  private static String optional(String s) {
    return s.equals("-") ? null : s;
  }

  private TlsProfile profile(String name) {
    TlsProfile p = profiles.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no TLS profile " + name);
    }
    return p;
  }

  private DicomClient client(String profile, String calledAe, String port, String callingAe) {
    ClientSettings settings =
        ClientSettings.defaults()
            .withCallingAe(callingAe)
            .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(120));
    if (!profile.equals("plain")) {
      settings = settings.withSocketFactory(profile(profile).socketFactory());
    }
    return new DicomClient(Peer.parse(calledAe + "@127.0.0.1:" + port), settings);
  }

  private static List<String> values(String file) throws IOException {
    List<String> v =
        Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("no values in " + file);
    }
    return v;
  }

  private static String echo(DicomClient client, int timeoutSeconds) throws IOException {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        client.echo();
        return "READY " + attempts;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** A query loop: one call per query, returning its number of matches. */
  @FunctionalInterface
  private interface Query {
    int run(String value) throws IOException;
  }

  private static String find(
      DicomClient client, QueryShape shape, List<String> values, int count, int warmup)
      throws IOException {
    try (FindSession session = FindSession.open(client)) {
      return measure(v -> session.find(shape.findKeys(v)), values, count, warmup);
    }
  }

  private static String qido(
      QidoSession session, QueryShape shape, List<String> values, int count, int warmup)
      throws IOException {
    return measure(v -> session.search(shape.qidoQuery(v)), values, count, warmup);
  }

  private static String measure(Query query, List<String> values, int count, int warmup)
      throws IOException {
    for (int i = 0; i < warmup; i++) {
      query.run(values.get(i % values.size()));
    }
    long[] nanos = new long[count];
    long matches = 0;
    for (int i = 0; i < count; i++) {
      String v = values.get(i % values.size());
      long start = System.nanoTime();
      matches += query.run(v);
      nanos[i] = System.nanoTime() - start;
    }
    return String.format(Locale.ROOT, "RESULT %s %d", Latencies.of(nanos).summary(), matches);
  }

  private static String wado(
      String baseUrl, SSLContext tls, String token, List<String> studies, int connections)
      throws IOException {
    long[] bytes = new long[connections];
    int[] parts = new int[connections];
    double seconds =
        inParallel(
            connections,
            slot -> {
              WadoSession session = new WadoSession(baseUrl, tls, token);
              for (int i = slot; i < studies.size(); i += connections) {
                WadoSession.Retrieved r = session.study(studies.get(i));
                bytes[slot] += r.bytes();
                parts[slot] += r.parts();
              }
            });
    return String.format(
        Locale.ROOT,
        "RETRIEVED %d %d %d %.3f",
        studies.size(),
        Arrays.stream(parts).sum(),
        Arrays.stream(bytes).sum(),
        seconds);
  }

  private static String stow(
      String baseUrl,
      SSLContext tls,
      String token,
      List<Path> files,
      int connections,
      int perRequest)
      throws IOException {
    if (perRequest < 1) {
      throw new IllegalArgumentException("a request holds at least one file");
    }
    long[] bytes = new long[connections];
    double seconds =
        inParallel(
            connections,
            slot -> {
              StowSession session = new StowSession(baseUrl, tls, token);
              List<Path> share =
                  files.subList(
                      slot * files.size() / connections, (slot + 1) * files.size() / connections);
              for (int i = 0; i < share.size(); i += perRequest) {
                bytes[slot] +=
                    session.store(share.subList(i, Math.min(share.size(), i + perRequest)));
              }
            });
    return String.format(
        Locale.ROOT, "STORED %d %d %.3f", files.size(), Arrays.stream(bytes).sum(), seconds);
  }

  /** One connection's work. */
  @FunctionalInterface
  private interface Slot {
    void run(int slot) throws IOException;
  }

  /** Runs {@code connections} slots at once; returns the seconds they took together. */
  private static double inParallel(int connections, Slot work) throws IOException {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1");
    }
    IOException[] failure = new IOException[connections];
    Thread[] threads = new Thread[connections];
    long start = System.nanoTime();
    for (int t = 0; t < connections; t++) {
      int slot = t;
      threads[t] =
          new Thread(
              () -> {
                try {
                  work.run(slot);
                } catch (IOException e) {
                  failure[slot] = e;
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (IOException e : failure) {
      if (e != null) {
        throw e;
      }
    }
    return seconds;
  }

  /** The TLS context of the profile named {@code name}, or null for {@code plain}. */
  private SSLContext tls(String name) {
    return name.equals("plain") ? null : profile(name).context();
  }

  private String login(String url, String name, String password, String profile)
      throws IOException {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (!profile.equals("plain")) {
      b.sslContext(profile(profile).context());
    }
    String body = "{\"name\":" + jsonString(name) + ",\"password\":" + jsonString(password) + "}";
    HttpRequest rq =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> rsp;
    try {
      rsp = b.build().send(rq, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    Matcher m = TOKEN.matcher(rsp.body());
    if (rsp.statusCode() != 200 || !m.find()) {
      throw new IOException("login answered " + rsp.statusCode());
    }
    return m.group(1);
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
