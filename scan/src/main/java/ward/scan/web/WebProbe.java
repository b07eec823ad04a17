package ward.scan.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ward.scan.ProbeContext;
import ward.scan.dicom.ActiveTest;
import ward.scan.report.Json;
import ward.scan.target.Endpoint;
import ward.scan.web.WebObservation.OpenEndpoint;

/**
 * The web part of an assessment: DICOMweb QIDO-RS and WADO (PS3.18 10.6, 10.4) and the well-known
 * REST and UI paths of common PACS, each requested once without credentials. Default credentials
 * are tried only with the opt-in, and only where a login was asked for.
 */
public final class WebProbe {

  /** A path to request and what it is. */
  record Path(String path, String kind) {}

  static final List<Path> PATHS =
      List.of(
          new Path("/system", "orthanc-system"),
          new Path("/patients", "orthanc-patients"),
          new Path("/studies", "orthanc-studies"),
          new Path("/app/explorer.html", "viewer"),
          new Path("/ui/app/", "viewer"),
          new Path("/dicom-web/studies?limit=100", "dicomweb-qido"),
          new Path("/dicomweb/studies?limit=100", "dicomweb-qido"),
          new Path("/wado?requestType=WADO", "wado-uri"),
          new Path("/dcm4chee-arc/aets", "dcm4chee-rest"),
          new Path("/dcm4chee-arc/aets/DCM4CHEE/rs/studies?limit=100", "dicomweb-qido"));

  /** Default accounts of common PACS (user:password), tried only with the opt-in. */
  static final List<String> DEFAULT_CREDENTIALS =
      List.of("orthanc:orthanc", "admin:admin", "admin:password");

  private final ProbeContext context;

  public WebProbe(ProbeContext context) {
    this.context = context;
  }

  public WebObservation probe(Endpoint e) {
    int timeout = (int) context.settings().timeout().toMillis();
    context.rate().acquire();
    context.log().sent(e.key(), "TCP connect (web)");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(e.address(), e.port()), timeout);
    } catch (IOException ex) {
      return new WebObservation(false, null, null, List.of(), List.of(), List.of(), null);
    }
    String scheme = null;
    HttpExchange.Response root = null;
    for (boolean tls : new boolean[] {true, false}) {
      try {
        context.rate().acquire();
        context.log().sent(e.key(), (tls ? "https" : "http") + " GET /");
        root = HttpExchange.get(e, tls, "/", null, timeout);
        scheme = tls ? "https" : "http";
        break;
      } catch (IOException ex) {
        // not this scheme
      }
    }
    if (scheme == null) {
      return new WebObservation(true, null, null, List.of(), List.of(), List.of(), null);
    }
    boolean tls = scheme.equals("https");
    List<OpenEndpoint> open = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    List<Path> loginAsked = new ArrayList<>();
    for (Path p : PATHS) {
      HttpExchange.Response r = request(e, tls, p.path(), null, timeout);
      if (r == null) {
        continue;
      }
      if (r.status() == 401 || r.status() == 403) {
        closed.add(p.path());
        loginAsked.add(p);
      } else if (r.status() == 200 || r.status() == 204) {
        OpenEndpoint o = judge(p, r);
        if (o != null) {
          open.add(o);
        }
      }
    }
    List<OpenEndpoint> defaults = new ArrayList<>();
    if (context.settings().tryDefaultCredentials() && !loginAsked.isEmpty()) {
      Path p = loginAsked.get(0);
      for (String credentials : DEFAULT_CREDENTIALS) {
        HttpExchange.Response r = request(e, tls, p.path(), credentials, timeout);
        if (r != null && r.status() == 200) {
          String user = credentials.substring(0, credentials.indexOf(':'));
          defaults.add(
              new OpenEndpoint(p.path(), p.kind() + " as default user " + user, 200, -1, false));
          break;
        }
      }
    }
    ActiveTest retrieval = null;
    if (context.settings().tryRetrieve()) {
      for (OpenEndpoint o : open) {
        if (o.kind().equals("dicomweb-qido") && o.items() > 0) {
          retrieval =
              retrieveOne(e, tls, o.path().substring(0, o.path().indexOf("/studies")), timeout);
          break;
        }
      }
    }
    String server = root.headers().get("server");
    return new WebObservation(true, scheme, server, open, closed, defaults, retrieval);
  }

  /**
   * WADO-RS retrieval of one instance (PS3.18 10.4): QIDO-RS for one instance's UIDs (kept in
   * memory only), then its retrieval as multipart/related application/dicom, read up to 1 MB and
   * discarded.
   */
  private ActiveTest retrieveOne(Endpoint e, boolean tls, String root, int timeout) {
    HttpExchange.Response q = request(e, tls, root + "/instances?limit=1", null, timeout);
    if (q == null || q.status() != 200) {
      return new ActiveTest(
          true,
          false,
          "QIDO-RS for an instance answered " + (q == null ? "nothing" : "HTTP " + q.status()));
    }
    String study;
    String series;
    String sop;
    try {
      Object v = Json.read(q.text());
      if (!(v instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof Map<?, ?> m)) {
        return new ActiveTest(true, false, "QIDO-RS returned no instance");
      }
      study = uid(m, "0020000D");
      series = uid(m, "0020000E");
      sop = uid(m, "00080018");
    } catch (IllegalArgumentException bad) {
      return new ActiveTest(true, false, "QIDO-RS answer is not DICOM JSON");
    }
    if (study == null || series == null || sop == null) {
      return new ActiveTest(true, false, "QIDO-RS answer lacks the instance's UIDs");
    }
    String path = root + "/studies/" + study + "/series/" + series + "/instances/" + sop;
    context.rate().acquire();
    context
        .log()
        .sent(
            e.key(),
            (tls ? "https" : "http")
                + " GET "
                + root
                + "/studies/…/instances/… (WADO-RS, one instance, discarded unread)");
    try {
      HttpExchange.Response r =
          HttpExchange.get(
              e, tls, path, null, "multipart/related; type=\"application/dicom\"", timeout);
      boolean got = r.status() == 200 && r.body().length > 0;
      return new ActiveTest(
          true,
          got,
          got
              ? "WADO-RS delivered an instance ("
                  + r.body().length
                  + " bytes read, discarded) without a login"
              : "WADO-RS answered HTTP " + r.status());
    } catch (IOException ex) {
      return new ActiveTest(true, false, "WADO-RS failed: " + ex.getMessage());
    }
  }

  /** The first value of a UID attribute in a DICOM JSON object (PS3.18 F.2), if it is a UID. */
  private static String uid(Map<?, ?> object, String tag) {
    if (object.get(tag) instanceof Map<?, ?> a
        && a.get("Value") instanceof List<?> values
        && !values.isEmpty()
        && values.get(0) instanceof String s
        && s.matches("[0-9.]{1,64}")) {
      return s;
    }
    return null;
  }

  private HttpExchange.Response request(
      Endpoint e, boolean tls, String path, String credentials, int timeout) {
    context.rate().acquire();
    context
        .log()
        .sent(
            e.key(),
            (tls ? "https" : "http")
                + " GET "
                + path
                + (credentials == null
                    ? ""
                    : " with default credentials for "
                        + credentials.substring(0, credentials.indexOf(':'))));
    try {
      return HttpExchange.get(e, tls, path, credentials, timeout);
    } catch (IOException ex) {
      return null;
    }
  }

  /** Whether a 200 answer is what the path promises (not a catch-all page), and what it holds. */
  static OpenEndpoint judge(Path p, HttpExchange.Response r) {
    String type = r.headers().getOrDefault("content-type", "").toLowerCase(java.util.Locale.ROOT);
    String body = r.text().strip();
    boolean json = type.contains("json") || body.startsWith("[") || body.startsWith("{");
    switch (p.kind()) {
      case "orthanc-system":
        if (json && body.contains("\"ApiVersion\"")) {
          return new OpenEndpoint(p.path(), p.kind(), r.status(), -1, false);
        }
        return null;
      case "orthanc-patients", "orthanc-studies", "dcm4chee-rest":
        if (json && body.startsWith("[")) {
          int n = JsonArrays.count(body);
          return new OpenEndpoint(
              p.path(), p.kind(), r.status(), n, n > 0 && !p.kind().equals("dcm4chee-rest"));
        }
        return null;
      case "dicomweb-qido":
        if (r.status() == 204) {
          return new OpenEndpoint(p.path(), p.kind(), r.status(), 0, false);
        }
        if (json && body.startsWith("[")) {
          int n = JsonArrays.count(body);
          return new OpenEndpoint(p.path(), p.kind(), r.status(), n, n > 0);
        }
        return null;
      case "viewer":
        // Orthanc's explorers name themselves; a page that does not is a catch-all
        if ((type.contains("html") || body.startsWith("<"))
            && body.toLowerCase(java.util.Locale.ROOT).contains("orthanc")) {
          return new OpenEndpoint(p.path(), p.kind(), r.status(), -1, false);
        }
        return null;
      case "wado-uri":
        return null; // a 200 without study, series and object would be a catch-all page
      default:
        return null;
    }
  }
}
