package ward.archive.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches a route (a header section that is too
 * large, a malformed request line): the same short JSON and headers as every other answer, instead
 * of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    HttpFields.Mutable headers = response.getHeaders();
    ByteBuffer body = body(response.getStatus(), headers);
    response.write(true, body, callback);
    return true;
  }

  private static ByteBuffer body(int status, HttpFields.Mutable headers) {
    headers.put(HttpHeader.CONTENT_TYPE, "application/json");
    for (String[] h : WebServer.SECURITY_HEADERS) {
      headers.put(h[0], h[1]);
    }
    String reason = HttpStatus.getMessage(status);
    return ByteBuffer.wrap(
        Json.error(reason == null ? "error" : reason).getBytes(StandardCharsets.UTF_8));
  }
}
