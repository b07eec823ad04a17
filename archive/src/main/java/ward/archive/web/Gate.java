package ward.archive.web;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import ward.archive.auth.Authorizer;
import ward.archive.auth.Principal;
import ward.archive.auth.Resource;

/**
 * The one check in front of every route: who is calling (a bearer token or the session cookie,
 * resolved by the {@link WebAuthenticator}) and whether the {@link Authorizer} lets them do the
 * route's action to the archive. No credentials or an unknown token is 401 with a {@code
 * WWW-Authenticate} challenge (RFC 6750 3); a principal whose roles lack the action is 403. Both
 * are told to the event listener. Whether a principal may touch a particular study is decided
 * later, by the handler, once the study is known.
 */
final class Gate {
  /** The request attribute holding the principal that passed the gate. */
  static final String PRINCIPAL = "ward.principal";

  static final String SESSION_COOKIE = "ward_session";

  /** Tokens are opaque but short; anything longer is not one of ours. */
  private static final int MAX_TOKEN = 512;

  private static final String CHALLENGE = "Bearer realm=\"ward\"";

  private final WebAuthenticator authenticator;
  private final Authorizer authorizer;
  private final WebEvent.Listener events;

  Gate(WebAuthenticator authenticator, Authorizer authorizer, WebEvent.Listener events) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.events = events;
  }

  /**
   * Lets the request through to {@code route}'s handler, leaving the principal in the request's
   * {@link #PRINCIPAL} attribute, or throws the 401 or 403 to answer with.
   */
  void check(Context ctx, Route route) throws WebException {
    if (route.isPublic()) {
      return;
    }
    String token = token(ctx);
    if (token == null) {
      throw unauthenticated(ctx, "no credentials", CHALLENGE, "authentication required");
    }
    Optional<Principal> principal =
        token.length() > MAX_TOKEN ? Optional.empty() : authenticator.resolve(token);
    if (principal.isEmpty()) {
      throw unauthenticated(
          ctx,
          "unknown or expired token",
          CHALLENGE + ", error=\"invalid_token\"",
          "the token is not valid");
    }
    Principal p = principal.get();
    if (!authorizer.allows(p, route.action(), Resource.ARCHIVE)) {
      events.on(
          new WebEvent.Forbidden(ctx.ip(), ctx.method().name(), ctx.path(), p, route.action()));
      throw new WebException(
          403,
          "not allowed to " + route.action().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
    ctx.attribute(PRINCIPAL, p);
  }

  private WebException unauthenticated(Context ctx, String why, String challenge, String reason) {
    events.on(new WebEvent.Unauthenticated(ctx.ip(), ctx.method().name(), ctx.path(), why));
    ctx.header("WWW-Authenticate", challenge);
    return new WebException(401, reason);
  }

  /**
   * The token of a request: the Authorization header's bearer credentials (RFC 6750 2.1), or else
   * the session cookie. Null when there is neither.
   */
  static String token(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      String a = authorization.strip();
      if (a.length() > 7 && a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        String token = a.substring(7).strip();
        return token.isEmpty() ? null : token;
      }
      return null; // another scheme: not credentials Ward takes
    }
    String cookie = ctx.cookie(SESSION_COOKIE);
    return cookie == null || cookie.isEmpty() ? null : cookie;
  }
}
