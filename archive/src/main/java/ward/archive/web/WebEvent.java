package ward.archive.web;

import ward.archive.auth.Action;
import ward.archive.auth.Principal;

/**
 * What the HTTPS server reports for logs and the audit trail: every refusal at the gate and every
 * refused login. Events never carry a token or a password.
 */
public sealed interface WebEvent
    permits WebEvent.Unauthenticated, WebEvent.Forbidden, WebEvent.LoginRefused {

  /** The client's address. */
  String remoteAddress();

  /**
   * A request to a protected route without valid credentials: answered 401.
   *
   * @param why "no credentials" or "unknown or expired token"
   */
  record Unauthenticated(String remoteAddress, String method, String path, String why)
      implements WebEvent {}

  /** An authenticated principal asked for an action its roles do not grant: answered 403. */
  record Forbidden(
      String remoteAddress, String method, String path, Principal principal, Action action)
      implements WebEvent {}

  /** A login or first-administrator setup was refused. */
  record LoginRefused(String remoteAddress, String name, LoginResult.Reason reason)
      implements WebEvent {}

  /** Receives events; called on the request's thread, so it must not block for long. */
  @FunctionalInterface
  interface Listener {
    void on(WebEvent event);

    /** Drops every event. */
    Listener NONE = event -> {};
  }
}
