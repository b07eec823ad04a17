package ward.archive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How Ward serves an OHIF Viewer build: its paths moved under /ohif/, no inline script left, Ward
 * as its data source, no service worker, nothing outside the build reachable. The build here is a
 * small stand-in with the shapes of the real one's files (the browser test runs the real viewer).
 */
class OhifViewerTest {
  @TempDir Path dir;
  WebFixture web;
  Path dist;

  @BeforeEach
  void start() throws Exception {
    dist = Files.createDirectories(dir.resolve("dist"));
    Files.writeString(
        dist.resolve("index.html"),
        "<!doctype html><html><head><script>console.time(\"scriptToView\"),"
            + "window.PUBLIC_URL=\"/\"</script><link rel=\"manifest\" href=\"/manifest.json\">"
            + "<script src=\"/app-config.js\"></script><script>function browserImportFunction(n)"
            + "{return import(n)}window.PUBLIC_URL=\"/\"</script>"
            + "<script defer src=\"/app.bundle.1.js\"></script><a href=\"//elsewhere\">x</a>"
            + "</head><body></body></html>");
    Files.writeString(
        dist.resolve("app.bundle.1.js"), "x();\n__webpack_require__.p = \"/\";\ny();\n");
    Files.writeString(dist.resolve("2.bundle.2.js"), "z();\n");
    Files.writeString(dist.resolve("app.bundle.css"), "a{src:url(/f.woff2)}");
    Files.write(dist.resolve("x.wasm"), new byte[] {0, 'a', 's', 'm'});
    Files.writeString(dist.resolve("notes.exe"), "not served");
    Files.writeString(dir.resolve("secret.js"), "outside the build");
    web = new WebFixture(dir.resolve("server"), WebSettings.DEFAULT_MAX_STOW_BYTES, dist);
  }

  @AfterEach
  void stop() {
    web.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return web.sendForText(web.request(path).GET().build());
  }

  @Test
  void theShellHasItsPathsUnderOhifAndNoInlineScript() throws Exception {
    HttpResponse<String> index = get("/ohif/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(index.body())
        .doesNotContain("<script>")
        .contains("<script src=\"/ohif/ward-boot.js\"></script>")
        .contains("href=\"/ohif/manifest.json\"", "src=\"/ohif/app.bundle.1.js\"")
        .contains("href=\"//elsewhere\"");
    String csp = index.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("frame-ancestors 'none'", "connect-src 'self' data: blob:;");
    String scripts =
        csp.substring(csp.indexOf("script-src"), csp.indexOf(';', csp.indexOf("script-src")));
    assertThat(scripts).isEqualTo("script-src 'self' 'wasm-unsafe-eval'");
    // The viewer's own routes get the shell too.
    assertThat(get("/ohif/viewer").body()).isEqualTo(index.body());

    String boot = get("/ohif/ward-boot.js").body();
    assertThat(boot)
        .contains("console.time(\"scriptToView\")", "function browserImportFunction(n)")
        .contains("window.PUBLIC_URL=\"/ohif/\"")
        .doesNotContain("PUBLIC_URL=\"/\"");
  }

  @Test
  void scriptsAndStylesLoadTheirChunksAndFontsFromUnderOhif() throws Exception {
    HttpResponse<String> app = get("/ohif/app.bundle.1.js");
    assertThat(app.headers().firstValue("Content-Type")).hasValue("text/javascript");
    assertThat(app.body()).isEqualTo("x();\n__webpack_require__.p = \"/ohif/\";\ny();\n");
    assertThat(get("/ohif/2.bundle.2.js").body()).isEqualTo("z();\n");
    assertThat(get("/ohif/app.bundle.css").body()).isEqualTo("a{src:url(/ohif/f.woff2)}");
    HttpResponse<byte[]> wasm = web.send(web.request("/ohif/x.wasm").GET().build());
    assertThat(wasm.headers().firstValue("Content-Type")).hasValue("application/wasm");
    assertThat(wasm.body()).containsExactly(0, 'a', 's', 'm');
  }

  @Test
  void wardIsTheOnlyDataSourceAndNoServiceWorkerRuns() throws Exception {
    String config = get("/ohif/app-config.js").body();
    assertThat(config)
        .contains("routerBasename: '/ohif'")
        .contains("qidoRoot: window.location.origin + '/dicomweb'")
        .doesNotContain("cloudfront");
    assertThat(get("/ohif/init-service-worker.js").body()).doesNotContain("register");
  }

  @Test
  void nothingOutsideTheBuildOrOfAnUnknownTypeIsServed() throws Exception {
    assertThat(get("/ohif/../secret.js").statusCode()).isEqualTo(404);
    assertThat(get("/ohif/%2e%2e/secret.js").statusCode()).isEqualTo(404);
    assertThat(get("/ohif/..%2fsecret.js").statusCode()).isIn(400, 404);
    assertThat(get("/ohif/notes.exe").statusCode()).isEqualTo(404);
    assertThat(get("/ohif/missing.js").statusCode()).isEqualTo(404);
    assertThat(get("/ohif/secret.js").statusCode()).isEqualTo(404);
  }

  @Test
  void withoutABuildThereIsNoViewer() throws Exception {
    try (WebFixture plain =
        new WebFixture(dir.resolve("plain"), WebSettings.DEFAULT_MAX_STOW_BYTES)) {
      assertThat(plain.sendForText(plain.request("/ohif/").GET().build()).statusCode())
          .isEqualTo(404);
    }
  }
}
