package ward.archive.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import ward.archive.audit.SyslogCollector;
import ward.archive.index.DuplicatePolicy;
import ward.archive.ingest.PreamblePolicy;

/**
 * Reads the configuration: defaults, then the file ({@code key = value} lines, {@code #} comments),
 * then environment variables ({@code WARD_} and the key in capitals with {@code _} for {@code .}
 * and {@code -}), then command-line overrides. Every problem is reported with where it came from;
 * unknown keys are errors, so a misspelt setting is never silently ignored.
 */
public final class ConfigLoader {

  /** A problem with one setting, and where it was given. */
  public record Problem(String where, String key, String message) {
    @Override
    public String toString() {
      return where + ": " + (key == null ? "" : key + ": ") + message;
    }
  }

  /** The configuration when there were no problems. */
  public record Result(ArchiveConfig config, List<Problem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private static final Pattern AE_TITLE = Pattern.compile("[\\x21-\\x5B\\x5D-\\x7E ]{1,16}");

  /** Every key, its default and its description (the documentation lists the same). */
  public static final Map<String, String[]> KEYS = keys();

  private static Map<String, String[]> keys() {
    Map<String, String[]> k = new LinkedHashMap<>();
    k.put("ae-title", new String[] {"WARD", "the archive's AE title (1-16 characters)"});
    k.put("bind", new String[] {"0.0.0.0", "address the listeners bind to"});
    k.put("dicom.port", new String[] {"2762", "DICOM over TLS"});
    k.put("https.port", new String[] {"8443", "HTTPS: DICOMweb under /dicomweb, API, web"});
    k.put(
        "dicom.plaintext-port",
        new String[] {"0", "plaintext DICOM for registered legacy devices (echo, store); 0: off"});
    k.put("tls.key", new String[] {"", "own PEM private key instead of the archive CA's"});
    k.put("tls.chain", new String[] {"", "PEM certificate chain for tls.key"});
    k.put(
        "duplicates", new String[] {"keep", "second copy of a SOP instance: reject|keep|replace"});
    k.put("query.max-matches", new String[] {"10000", "most matches one query returns"});
    k.put("dicom.max-associations", new String[] {"64", "concurrent DICOM associations"});
    k.put("dicom.max-associations-per-address", new String[] {"16", "from one address"});
    k.put("login.max-failures", new String[] {"5", "failed logins before lockout"});
    k.put("login.lockout-minutes", new String[] {"15", "how long a lockout lasts"});
    k.put("session.minutes", new String[] {"60", "lifetime of a web session or token"});
    k.put(
        "integrity.interval-minutes",
        new String[] {"10", "how often stored objects are re-checked against their digests"});
    k.put(
        "integrity.batch",
        new String[] {"1000", "objects re-checked each time (a rolling pass over all of them)"});
    k.put(
        "ingest.executable-preamble",
        new String[] {
          "quarantine", "an object whose preamble holds an executable: quarantine|zero"
        });
    k.put(
        "minimize.national-id-pattern",
        new String[] {
          "", "a national-ID pattern (Java regex) removed at ingest besides US SSNs; empty: none"
        });
    k.put(
        "storage.reserve-mb",
        new String[] {
          "512", "free disk space (MiB) ingest leaves alone: below it new instances are refused"
        });
    k.put(
        "audit.syslog.enabled",
        new String[] {"false", "forward the audit trail to a syslog collector (RFC 5425)"});
    k.put("audit.syslog.host", new String[] {"", "the syslog collector's host name or address"});
    k.put("audit.syslog.port", new String[] {"6514", "the syslog collector's TLS port"});
    k.put(
        "audit.syslog.ca",
        new String[] {"", "PEM file of the CA certificates the collector is trusted through"});
    k.put(
        "web.ohif-dir",
        new String[] {"", "an OHIF Viewer build (its dist folder) to serve at /ohif/, or empty"});
    return k;
  }

  private ConfigLoader() {}

  /**
   * Loads the configuration for a data directory.
   *
   * @param file the configuration file; when null, {@code dataDir/ward.conf} if it exists
   * @param env the environment (System.getenv() in production)
   * @param overrides command-line settings, highest precedence
   */
  public static Result load(
      Path dataDir, Path file, Map<String, String> env, Map<String, String> overrides) {
    List<Problem> problems = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    KEYS.forEach(
        (key, spec) -> {
          values.put(key, spec[0]);
          origin.put(key, "default");
        });
    Path configFile = file != null ? file : dataDir.resolve(ArchiveConfig.FILE_NAME);
    if (file != null || Files.exists(configFile)) {
      readFile(configFile, values, origin, problems);
    }
    for (String key : KEYS.keySet()) {
      String name = envName(key);
      String v = env.get(name);
      if (v != null) {
        values.put(key, v.strip());
        origin.put(key, "environment " + name);
      }
    }
    overrides.forEach(
        (key, v) -> {
          if (!KEYS.containsKey(key)) {
            problems.add(new Problem("command line", key, "unknown setting"));
          } else {
            values.put(key, v);
            origin.put(key, "command line");
          }
        });
    Parser p = new Parser(values, origin, problems);
    String ae = p.get("ae-title", s -> AE_TITLE.matcher(s).matches() ? s.strip() : null, "1-16");
    String bind = p.get("bind", s -> s.isEmpty() ? null : s, "an address");
    int dicomPort = p.port("dicom.port", false);
    int httpsPort = p.port("https.port", false);
    int plainPort = p.port("dicom.plaintext-port", true);
    String key = values.get("tls.key");
    String chain = values.get("tls.chain");
    if (key.isEmpty() != chain.isEmpty()) {
      problems.add(
          new Problem(origin.get("tls.key"), "tls.key", "tls.key and tls.chain go together"));
    }
    DuplicatePolicy duplicates =
        p.get(
            "duplicates",
            s -> {
              try {
                return DuplicatePolicy.valueOf(s.toUpperCase(Locale.ROOT));
              } catch (IllegalArgumentException e) {
                return null;
              }
            },
            "one of reject, keep, replace");
    int maxMatches = p.number("query.max-matches", 1, 1_000_000);
    int maxAssoc = p.number("dicom.max-associations", 1, 10_000);
    int maxPerAddress = p.number("dicom.max-associations-per-address", 1, 10_000);
    int failures = p.number("login.max-failures", 1, 100);
    int lockout = p.number("login.lockout-minutes", 1, 10_080);
    int session = p.number("session.minutes", 1, 10_080);
    int integrityInterval = p.number("integrity.interval-minutes", 1, 10_080);
    int integrityBatch = p.number("integrity.batch", 1, 1_000_000);
    PreamblePolicy preambles =
        p.get(
            "ingest.executable-preamble",
            s -> {
              try {
                return PreamblePolicy.valueOf(s.toUpperCase(Locale.ROOT));
              } catch (IllegalArgumentException e) {
                return null;
              }
            },
            "one of quarantine, zero");
    String idPattern = values.get("minimize.national-id-pattern");
    java.util.regex.Pattern nationalId = null;
    if (!idPattern.isEmpty()) {
      try {
        nationalId = java.util.regex.Pattern.compile(idPattern);
        if (nationalId.matcher("").find()) {
          problems.add(
              new Problem(
                  origin.get("minimize.national-id-pattern"),
                  "minimize.national-id-pattern",
                  "the pattern matches empty text"));
        }
      } catch (java.util.regex.PatternSyntaxException e) {
        problems.add(
            new Problem(
                origin.get("minimize.national-id-pattern"),
                "minimize.national-id-pattern",
                "not a regular expression: " + e.getDescription()));
      }
    }
    int reserveMb = p.number("storage.reserve-mb", 0, 1_000_000);
    SyslogCollector syslog = syslog(p, values, origin, problems);
    String ohif = values.get("web.ohif-dir");
    if (!ohif.isEmpty() && !java.nio.file.Files.isRegularFile(Path.of(ohif, "index.html"))) {
      problems.add(
          new Problem(
              origin.get("web.ohif-dir"),
              "web.ohif-dir",
              "not an OHIF Viewer build: no index.html in " + ohif));
    }
    if (dicomPort > 0 && (dicomPort == httpsPort || dicomPort == plainPort)
        || httpsPort > 0 && httpsPort == plainPort) {
      problems.add(new Problem("configuration", null, "two listeners on the same port"));
    }
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    return new Result(
        new ArchiveConfig(
            dataDir,
            ae,
            bind,
            dicomPort,
            httpsPort,
            plainPort,
            key.isEmpty() ? null : Path.of(key),
            chain.isEmpty() ? null : Path.of(chain),
            duplicates,
            maxMatches,
            maxAssoc,
            maxPerAddress,
            failures,
            lockout,
            session,
            integrityInterval,
            integrityBatch,
            preambles,
            nationalId,
            syslog,
            reserveMb,
            ohif.isEmpty() ? null : Path.of(ohif)),
        List.of());
  }

  /** The syslog collector when forwarding is enabled, with every setting it needs. */
  private static SyslogCollector syslog(
      Parser p, Map<String, String> values, Map<String, String> origin, List<Problem> problems) {
    Boolean enabled =
        p.get(
            "audit.syslog.enabled",
            s -> s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : null,
            "true or false");
    int port = p.port("audit.syslog.port", false);
    if (!Boolean.TRUE.equals(enabled)) {
      return null;
    }
    String host = values.get("audit.syslog.host");
    String ca = values.get("audit.syslog.ca");
    boolean ok = port > 0;
    if (host.isEmpty() || host.length() > 255 || host.chars().anyMatch(c -> c <= 32 || c >= 127)) {
      problems.add(
          new Problem(
              origin.get("audit.syslog.host"),
              "audit.syslog.host",
              "forwarding is enabled: a host name or address is required"));
      ok = false;
    }
    if (ca.isEmpty() || !Files.isReadable(Path.of(ca))) {
      problems.add(
          new Problem(
              origin.get("audit.syslog.ca"),
              "audit.syslog.ca",
              "forwarding is enabled: a readable PEM file of CA certificates is required"
                  + " (the collector is reached over TLS only)"));
      ok = false;
    }
    return ok ? new SyslogCollector(host, port, Path.of(ca)) : null;
  }

  /** The environment variable that overrides a key. */
  public static String envName(String key) {
    return "WARD_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static void readFile(
      Path file, Map<String, String> values, Map<String, String> origin, List<Problem> problems) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(new Problem(file.getFileName().toString(), null, "cannot read: " + e));
      return;
    }
    String name = file.getFileName().toString();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String where = name + ":" + (i + 1);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        problems.add(new Problem(where, null, "expected key = value"));
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (!KEYS.containsKey(key)) {
        problems.add(new Problem(where, key, "unknown setting"));
        continue;
      }
      values.put(key, value);
      origin.put(key, where);
    }
  }

  /** Converts values, collecting problems. */
  private static final class Parser {
    private final Map<String, String> values;
    private final Map<String, String> origin;
    private final List<Problem> problems;

    Parser(Map<String, String> values, Map<String, String> origin, List<Problem> problems) {
      this.values = values;
      this.origin = origin;
      this.problems = problems;
    }

    <T> T get(String key, Function<String, T> parse, String expected) {
      String v = values.get(key);
      T t = parse.apply(v);
      if (t == null) {
        problems.add(
            new Problem(origin.get(key), key, "expected " + expected + ", got '" + v + "'"));
      }
      return t;
    }

    int number(String key, int min, int max) {
      Integer n =
          get(
              key,
              s -> {
                try {
                  int i = Integer.parseInt(s);
                  return i >= min && i <= max ? i : null;
                } catch (NumberFormatException e) {
                  return null;
                }
              },
              "a number from " + min + " to " + max);
      return n == null ? -1 : n;
    }

    int port(String key, boolean zeroAllowed) {
      return number(key, zeroAllowed ? 0 : 1, 65535);
    }
  }
}
