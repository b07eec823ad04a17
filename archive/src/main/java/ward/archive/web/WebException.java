package ward.archive.web;

/**
 * A request answered with an error status and a short reason for the client. The reason is written
 * as JSON ({@code {"error": "..."}}); it must never hold a stack trace, a file name or anything the
 * client did not already know.
 */
public final class WebException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  public WebException(int status, String reason) {
    super(reason);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
  }

  public int status() {
    return status;
  }

  static WebException badRequest(String reason) {
    return new WebException(400, reason);
  }

  static WebException notFound(String reason) {
    return new WebException(404, reason);
  }

  static WebException notAcceptable(String reason) {
    return new WebException(406, reason);
  }
}
