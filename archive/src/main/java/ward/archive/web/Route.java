package ward.archive.web;

import java.util.Objects;
import ward.archive.auth.Action;

/**
 * One entry of the route table: a method and path, the action a caller must be allowed, and the
 * handler. The gate runs before every handler and checks the action with the {@link
 * ward.archive.auth.Authorizer}; a public route (no action) is reachable without credentials.
 *
 * @param path a path template, parameters in braces ({@code /dicomweb/studies/{study}}) or, for a
 *     parameter that spans slashes, in angle brackets
 * @param action the action the caller must be allowed, or null for a public route
 */
public record Route(Method method, String path, Action action, RouteHandler handler) {

  /** The HTTP methods routes use. */
  public enum Method {
    GET,
    POST,
    DELETE
  }

  public Route {
    Objects.requireNonNull(method);
    Objects.requireNonNull(handler);
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a route path starts with '/': " + path);
    }
  }

  /** A route that needs an authenticated principal allowed {@code action}. */
  public static Route guarded(Method method, String path, Action action, RouteHandler handler) {
    return new Route(method, path, Objects.requireNonNull(action), handler);
  }

  /**
   * A route anyone may call: login, logout, setup, the health check and the interface's files only.
   */
  public static Route open(Method method, String path, RouteHandler handler) {
    return new Route(method, path, null, handler);
  }

  public boolean isPublic() {
    return action == null;
  }

  @Override
  public String toString() {
    return method + " " + path + " (" + (action == null ? "PUBLIC" : action) + ")";
  }
}
