package ward.archive.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
 * are told to the event listener. A request that changes something (not GET) and carries its
 * credentials in the session cookie must also carry the session's CSRF token. Whether a principal
 * may touch a particular study is decided later, by the handler, once the study is known.
 */
final class Gate {
  /** The request attribute holding the principal that passed the gate. */
  static final String PRINCIPAL = "ward.principal";

  static final String SESSION_COOKIE = "ward_session";

  /** The header that carries the session's CSRF token on requests that change something. */
  static final String CSRF_HEADER = "X-CSRF-Token";

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
    if (!ctx.method().name().equals("GET") && !csrfHolds(ctx, token)) {
      events.on(
          new WebEvent.Forbidden(ctx.ip(), ctx.method().name(), ctx.path(), p, route.action()));
      throw new WebException(403, "missing or wrong CSRF token");
    }
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
   * Whether a request that changes something may be acted on: always when its credentials are in
   * the Authorization header (a browser never adds that header to another site's request), and,
   * when they came in the session cookie (which the browser adds to every request to this server),
   * only with the session's CSRF token in {@value #CSRF_HEADER}. SameSite=Strict on the cookie is
   * the first defence; this is the second (OWASP's synchronizer token, derived from the session).
   */
  static boolean csrfHolds(Context ctx, String token) {
    if (ctx.header("Authorization") != null) {
      return true;
    }
    String presented = ctx.header(CSRF_HEADER);
    return presented != null
        && MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.US_ASCII),
            csrf(token).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The CSRF token of a session: a one-way function of the session token, so it needs no storage
   * and cannot be turned back into the session token if a page leaks it. Scripts of this origin
   * learn it from the login answer and {@code /api/me}; other sites cannot read either.
   */
  static String csrf(String sessionToken) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("ward csrf\0".getBytes(StandardCharsets.US_ASCII));
      byte[] digest = sha.digest(sessionToken.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
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
