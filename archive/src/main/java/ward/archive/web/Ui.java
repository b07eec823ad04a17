package ward.archive.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ward.archive.auth.Principal;

/**
 * The browser interface: a page and its scripts and style, read once from the class path ({@code
 * ward/archive/ui/}) and served at {@code /} and {@code /ui/NAME}. The files hold no data (every
 * datum comes from the API after a login), so their routes are public. Only the names in {@link
 * #FILES} exist: a request names a key of a map, never a path, so nothing outside the list can be
 * reached however the name is spelled. Answers carry an ETag and {@code Cache-Control: no-cache}: a
 * browser keeps the files but asks each time whether they changed, so an upgrade shows at once.
 */
final class Ui {
  /** Every file of the interface; the build fails to start a server if one is missing. */
  static final List<String> FILES =
      List.of(
          "index.html",
          "style.css",
          "app.js",
          "api.js",
          "dom.js",
          "login.js",
          "studies.js",
          "viewer.js",
          "admin.js",
          "audit.js",
          "portal.js",
          "posture.js",
          "account.js",
          "icon.svg");

  private static final String ROOT = "/ward/archive/ui/";

  /** A file's bytes, media type and entity tag. */
  record Asset(byte[] bytes, String contentType, String etag) {}

  private final Map<String, Asset> assets;

  Ui() {
    Map<String, Asset> m = new LinkedHashMap<>();
    for (String name : FILES) {
      m.put(name, load(name));
    }
    this.assets = Map.copyOf(m);
  }

  /** GET /: the page. */
  void index(Context ctx, Principal ignored) {
    send(ctx, assets.get("index.html"));
  }

  /** GET /ui/{file}: one of {@link #FILES}. */
  void file(Context ctx, Principal ignored) throws WebException {
    Asset asset = assets.get(ctx.pathParam("file"));
    if (asset == null) {
      throw WebException.notFound("not found");
    }
    send(ctx, asset);
  }

  private static void send(Context ctx, Asset asset) {
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", asset.etag());
    String match = ctx.header("If-None-Match");
    if (match != null && match.contains(asset.etag())) {
      // RFC 9110 13.1.2: the browser's copy is current.
      ctx.status(304);
      return;
    }
    ctx.status(200);
    ctx.contentType(asset.contentType());
    ctx.result(asset.bytes());
  }

  private static Asset load(String name) {
    try (InputStream in = Ui.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("the interface file " + name + " is not on the class path");
      }
      byte[] bytes = in.readAllBytes();
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      String etag = "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
      return new Asset(bytes, contentType(name), etag);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html;charset=utf-8";
      case "js" -> "text/javascript;charset=utf-8";
      case "css" -> "text/css;charset=utf-8";
      case "svg" -> "image/svg+xml";
      default -> throw new IllegalArgumentException("no media type for " + name);
    };
  }
}
