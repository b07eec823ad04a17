package ward.archive.web;

import io.javalin.http.Context;
import ward.archive.auth.Principal;

/** Handles a request that has passed the gate. */
@FunctionalInterface
public interface RouteHandler {

  /**
   * @param caller the authenticated principal; null on a public route
   */
  void handle(Context ctx, Principal caller) throws Exception;
}
