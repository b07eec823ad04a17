package ward.archive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The browser interface's files: served without a login, only the listed names, under the CSP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class UiTest {
  @TempDir static Path dir;
  private WebFixture web;

  @BeforeAll
  void start() throws Exception {
    web = new WebFixture(dir, 1 << 20);
  }

  @AfterAll
  void stop() {
    web.close();
  }

  @Test
  void thePageIsServedAtTheRootWithoutALoginUnderTheStrictPolicy() throws Exception {
    HttpResponse<String> r = web.sendForText(web.request("/").GET().build());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValue(WebServer.CONTENT_SECURITY_POLICY);
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(r.body()).contains("<script type=\"module\" src=\"/ui/app.js\"></script>");
    assertThat(web.events).isEmpty();
  }

  @Test
  void everyListedFileIsServedWithItsMediaType() throws Exception {
    for (String name : Ui.FILES) {
      HttpResponse<byte[]> r = web.send(web.request("/ui/" + name).GET().build());
      assertThat(r.statusCode()).as(name).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).as(name).hasValue(Ui.contentType(name));
      assertThat(r.headers().firstValue("Cache-Control")).as(name).hasValue("no-cache");
      assertThat(r.body()).as(name).isNotEmpty();
    }
    assertThat(Ui.contentType("app.js")).isEqualTo("text/javascript;charset=utf-8");
    assertThat(Ui.contentType("style.css")).isEqualTo("text/css;charset=utf-8");
  }

  @Test
  void aCurrentCopyIsAnsweredWithNotModified() throws Exception {
    HttpResponse<String> first = web.sendForText(web.request("/ui/app.js").GET().build());
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again =
        web.sendForText(web.request("/ui/app.js").header("If-None-Match", etag).GET().build());
    HttpResponse<String> stale =
        web.sendForText(
            web.request("/ui/app.js").header("If-None-Match", "\"0000\"").GET().build());

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(first.body());
  }

  @Test
  void namesOutsideTheListReachNothing() throws Exception {
    List<String> probes =
        List.of(
            "/ui/",
            "/ui/Ui.class",
            "/ui/ward/archive/web/Ui.class",
            "/ui/../web/Ui.class",
            "/ui/..%2fweb%2fUi.class",
            "/ui/%2e%2e/%2e%2e/web/Ui.class",
            "/ui/%2e%2e%2f%2e%2e%2fweb%2fUi.class",
            "/ui/..%5c..%5cweb%5cUi.class",
            "/ui/app.js%00.css",
            "/ui/APP.JS",
            "/ui/logback.xml",
            "/ui/META-INF%2fMANIFEST.MF",
            "/ui/index.html;.js",
            "/index.html",
            "/ward/archive/ui/app.js");
    for (String probe : probes) {
      HttpResponse<byte[]> r = web.send(web.request(probe).GET().build());
      assertThat(r.statusCode()).as(probe).isBetween(400, 404);
      String body = new String(r.body(), StandardCharsets.ISO_8859_1);
      assertThat(body).as(probe).doesNotContain("\u00CA\u00FE\u00BA\u00BE", "import ", "<html");
    }
  }

  @Test
  void theFilesHoldNoInlineScriptOrStyleAndNeverWriteHtmlFromStrings() throws Exception {
    Pattern inlineHandler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    for (String name : Ui.FILES) {
      String text =
          new String(
              web.send(web.request("/ui/" + name).GET().build()).body(), StandardCharsets.UTF_8);
      if (name.endsWith(".html")) {
        assertThat(text).as(name).doesNotContainPattern("<script(?![^>]*\\ssrc=)");
        assertThat(text).as(name).doesNotContain("<style", " style=");
        assertThat(inlineHandler.matcher(text).find()).as(name).isFalse();
      }
      if (name.endsWith(".js")) {
        // Patient values reach the page only as text or attribute values.
        assertThat(text)
            .as(name)
            .doesNotContain(
                "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
        assertThat(text).as(name).doesNotContain("new Function");
      }
    }
  }
}
