package ward.archive.web;

import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * The URLs Ward writes into responses (Retrieve URL, Bulk Data URI, Content-Location). They start
 * at the configured public origin or, without one, at the request's Host header, taken only when it
 * is a bare host name or address with an optional port, so no header can inject a path, a query or
 * another scheme into a URL a client will follow.
 */
final class Urls {
  private static final Pattern HOST =
      Pattern.compile("([A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:[0-9]{1,5})?");

  static final String DICOMWEB = "/dicomweb";

  private final String origin;

  private Urls(String origin) {
    this.origin = origin;
  }

  /** The URLs for a request. */
  static Urls of(Context ctx, WebSettings settings) throws WebException {
    if (settings.publicBaseUrl() != null) {
      return new Urls(settings.publicBaseUrl());
    }
    String host = ctx.header("Host");
    if (host == null || !HOST.matcher(host).matches()) {
      throw WebException.badRequest("the Host header is missing or not a host name");
    }
    return new Urls("https://" + host);
  }

  String study(String study) {
    return origin + DICOMWEB + "/studies/" + study;
  }

  String series(String study, String series) {
    return study(study) + "/series/" + series;
  }

  String instance(String study, String series, String instance) {
    return series(study, series) + "/instances/" + instance;
  }
}
