package ward.archive.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ward.archive.auth.Principal;

/**
 * The OHIF Viewer, served from a build an administrator installed (its {@code dist} folder, e.g.
 * from the npm package {@code @ohif/app}), at {@code /ohif/} on Ward's own origin. Being on the
 * same origin is what makes it work without opening anything: its DICOMweb requests go to {@code
 * /dicomweb} with the session cookie of a Ward login, through the same gate and study scope as
 * every other request, and no CORS is ever granted.
 *
 * <p>The build is served as it is except for three files Ward writes and the scripts that hold
 * webpack's public path (fixed at build time as {@code /}, moved to {@code /ohif/}); Ward writes
 * {@code index.html} with its paths moved under {@code /ohif/} and its inline scripts moved into
 * {@code ward-boot.js} (so the page runs under a Content-Security-Policy without {@code
 * 'unsafe-inline'} scripts), {@code app-config.js} with Ward as the only data source, and an empty
 * {@code init-service-worker.js}: a service worker would keep responses, images among them, in the
 * browser after the session ends.
 *
 * <p>The viewer's pages hold no data, so they are public routes; a visitor without a session gets
 * the viewer's shell and then 401 from every data request, which sends them to Ward's login.
 */
final class OhifViewer {
  static final String PREFIX = "/ohif";

  /**
   * OHIF decodes images in WebAssembly inside workers and sets styles from scripts, so its policy
   * allows WebAssembly compilation, blob: workers and inline styles; scripts still come only from
   * this origin, and it may connect nowhere else.
   */
  static final String CSP =
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:;"
          + " style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:;"
          + " connect-src 'self' data: blob:; media-src 'self' blob:; object-src 'none';"
          + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>");
  private static final Pattern ROOTED = Pattern.compile("\\b(href|src)=\"/(?!/)");
  private static final Pattern PUBLIC_URL = Pattern.compile("window\\.PUBLIC_URL\\s*=\\s*\"/\"");

  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("js", "text/javascript"),
          Map.entry("mjs", "text/javascript"),
          Map.entry("css", "text/css"),
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("wasm", "application/wasm"),
          Map.entry("png", "image/png"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("ttf", "font/ttf"),
          Map.entry("map", "application/json"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("xml", "application/xml"));

  private static final String WEBPACK_PUBLIC_PATH = "__webpack_require__.p = \"/\";";

  private final Path root;
  private final Map<Path, byte[]> moved = new ConcurrentHashMap<>();

  /** The build's shell and its inline scripts, as served: read once, when the viewer is set up. */
  private final String index;

  private final String boot;

  OhifViewer(Path dist) throws IOException {
    this.root = dist.toRealPath();
    String html = Files.readString(root.resolve("index.html"));
    this.index = rewriteIndex(html);
    this.boot = boot(html);
  }

  /** The viewer's routes: its shell and every file of the build, all public. */
  List<Route> routes() {
    return List.of(
        Route.open(Route.Method.GET, PREFIX, this::serve),
        Route.open(Route.Method.GET, PREFIX + "/<path>", this::serve));
  }

  void serve(Context ctx, Principal ignored) throws WebException, IOException {
    String path = ctx.pathParamMap().getOrDefault("path", "");
    ctx.header("Content-Security-Policy", CSP);
    switch (path) {
      case "", "index.html" -> text(ctx, "html", index);
      case "app-config.js" -> text(ctx, "js", appConfig());
      case "ward-boot.js" -> text(ctx, "js", boot);
      case "init-service-worker.js", "sw.js" ->
          text(ctx, "js", "// Ward serves the OHIF Viewer without a service worker.\n");
      default -> file(ctx, path);
    }
  }

  private void file(Context ctx, String path) throws WebException, IOException {
    if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0 || path.startsWith("/")) {
      throw new WebException(404, "not found");
    }
    Path f = root.resolve(path).normalize();
    if (!f.startsWith(root) || !Files.isRegularFile(f)) {
      String last = path.substring(path.lastIndexOf('/') + 1);
      if (!last.contains(".")) {
        text(
            ctx, "html", index); // a route of the viewer's own (/ohif/viewer?StudyInstanceUIDs=...)
        return;
      }
      throw new WebException(404, "not found");
    }
    Path real = f.toRealPath();
    if (!real.startsWith(root) || real.getFileName().toString().startsWith(".")) {
      throw new WebException(404, "not found");
    }
    String type = TYPES.get(extension(real));
    if (type == null) {
      throw new WebException(404, "not found");
    }
    ctx.status(200);
    ctx.contentType(type);
    // The build's file names carry content hashes: they may be kept for a day.
    ctx.header("Cache-Control", "private, max-age=86400");
    byte[] moved =
        type.equals(TYPES.get("js")) || type.equals(TYPES.get("css")) ? movedPaths(real) : null;
    if (moved != null) {
      ctx.result(moved);
      return;
    }
    ctx.header("Content-Length", Long.toString(Files.size(real)));
    InputStream in = Files.newInputStream(real);
    ctx.result(in);
  }

  /**
   * A script or style sheet of the build with the root paths fixed in it at build time moved under
   * {@code /ohif/} (webpack's public path, where scripts load their other chunks from; the fonts of
   * the style sheets), or null when it has none. Each file is read once; the few that change are
   * kept.
   */
  private byte[] movedPaths(Path file) throws IOException {
    byte[] known = moved.get(file);
    if (known != null) {
      return known.length == 0 ? null : known;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String changed =
        text.replace(WEBPACK_PUBLIC_PATH, "__webpack_require__.p = \"" + PREFIX + "/\";")
            .replace("url(/", "url(" + PREFIX + "/");
    byte[] result = changed.equals(text) ? new byte[0] : changed.getBytes(StandardCharsets.UTF_8);
    moved.put(file, result);
    return result.length == 0 ? null : result;
  }

  /** The build's index.html with its paths under {@code /ohif/} and no inline script. */
  static String rewriteIndex(String html) {
    Matcher m = INLINE_SCRIPT.matcher(html);
    StringBuilder out = new StringBuilder();
    boolean first = true;
    while (m.find()) {
      m.appendReplacement(
          out, first ? Matcher.quoteReplacement("<script src=\"/ward-boot.js\"></script>") : "");
      first = false;
    }
    m.appendTail(out);
    return ROOTED.matcher(out).replaceAll("$1=\"" + PREFIX + "/");
  }

  /** The build's inline scripts, in order, with the public URL moved under {@code /ohif/}. */
  private static String boot(String html) {
    Matcher m = INLINE_SCRIPT.matcher(html);
    List<String> scripts = new ArrayList<>();
    while (m.find()) {
      scripts.add(
          PUBLIC_URL.matcher(m.group(1)).replaceAll("window.PUBLIC_URL=\"" + PREFIX + "/\""));
    }
    return String.join(";\n", scripts) + ";\n";
  }

  /** Ward as the viewer's one data source, on this origin. */
  static String appConfig() {
    return """
        // Written by Ward: the OHIF Viewer reads Ward's DICOMweb on this origin, with the session
        // cookie of a Ward login. A request without a valid session is sent to Ward's login page.
        window.config = {
          routerBasename: '/ohif',
          extensions: [],
          modes: [],
          customizationService: {},
          showStudyList: true,
          maxNumberOfWebWorkers: 2,
          showWarningMessageForCrossOrigin: false,
          showCPUFallbackMessage: true,
          showLoadingIndicator: true,
          strictZSpacingForVolumeViewport: true,
          investigationalUseDialog: { option: 'never' },
          defaultDataSourceName: 'ward',
          dataSources: [
            {
              namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
              sourceName: 'ward',
              configuration: {
                friendlyName: 'Ward',
                name: 'ward',
                wadoUriRoot: window.location.origin + '/dicomweb/wado',
                qidoRoot: window.location.origin + '/dicomweb',
                wadoRoot: window.location.origin + '/dicomweb',
                qidoSupportsIncludeField: true,
                imageRendering: 'wadors',
                thumbnailRendering: 'wadors',
                enableStudyLazyLoad: true,
                supportsFuzzyMatching: false,
                supportsWildcard: true,
                staticWado: false,
                singlepart: 'bulkdata,video',
                bulkDataURI: { enabled: true, relativeResolution: 'studies' },
                omitQuotationForMultipartRequest: false,
              },
            },
          ],
          httpErrorHandler: error => {
            if (error && error.status === 401) {
              window.location.assign('/');
            }
          },
        };
        """;
  }

  private static void text(Context ctx, String extension, String body) {
    ctx.status(200);
    ctx.contentType(TYPES.get(extension));
    ctx.result(body);
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
