package ward.archive.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import ward.archive.auth.IdentityException;
import ward.archive.auth.Principal;
import ward.archive.auth.SecondFactors;
import ward.archive.auth.Totp;

/**
 * The public routes: login, logout, first-administrator setup and the health check. A login or
 * setup answers with a token in the body and the same token in the session cookie ({@code HttpOnly;
 * Secure; SameSite=Strict}, so scripts cannot read it and other sites cannot send it). A refused
 * login says only that it was refused, never whether the name exists.
 */
final class Sessions {
  private static final int MAX_NAME = 128;
  private static final int MAX_PASSWORD = 1024;
  private static final int MAX_CODE = 16;

  private final WebAuthenticator authenticator;
  private final WebEvent.Listener events;
  private final long cookieSeconds;

  Sessions(WebAuthenticator authenticator, WebEvent.Listener events, long cookieSeconds) {
    this.authenticator = authenticator;
    this.events = events;
    this.cookieSeconds = cookieSeconds;
  }

  /** POST /api/login with {@code {"name": ..., "password": ...}}. */
  void login(Context ctx, Principal ignored) throws WebException {
    Map<String, String> body = jsonBody(ctx);
    String name = required(body, "name", MAX_NAME);
    char[] password = required(body, "password", MAX_PASSWORD).toCharArray();
    String code = optional(body, "code", MAX_CODE);
    LoginResult result;
    try {
      result = authenticator.login(name, password, code, ctx.ip());
    } finally {
      Arrays.fill(password, '\0');
    }
    if (result instanceof LoginResult.Accepted accepted) {
      long untilExpiry = Duration.between(Instant.now(), accepted.expires()).toSeconds();
      setCookie(ctx, accepted.token(), Math.max(0, Math.min(cookieSeconds, untilExpiry)));
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("token", accepted.token());
      answer.put("expires", accepted.expires().toString());
      answer.put("csrf", Gate.csrf(accepted.token()));
      json(ctx, 200, Json.object(answer));
      return;
    }
    LoginResult.Reason reason = ((LoginResult.Refused) result).reason();
    events.on(new WebEvent.LoginRefused(ctx.ip(), name, reason));
    if (reason == LoginResult.Reason.RATE_LIMITED) {
      ctx.header("Retry-After", "60");
      throw new WebException(429, "too many login attempts; try again later");
    }
    // A locked account or a wrong code is refused like a wrong password: the answer must not tell
    // whether the name exists or the password was right.
    throw new WebException(401, "the name, password or code is not accepted");
  }

  /**
   * POST /api/logout: revokes the presented token, if any, and clears the cookie. A session cookie
   * must come with its CSRF token, or another site could log the user out.
   */
  void logout(Context ctx, Principal ignored) throws WebException {
    String token = Gate.token(ctx);
    if (token != null) {
      if (!Gate.csrfHolds(ctx, token)) {
        throw new WebException(403, "missing or wrong CSRF token");
      }
      authenticator.logout(token);
    }
    setCookie(ctx, "", 0);
    ctx.status(204);
  }

  /** POST /api/setup with {@code {"setupToken": ..., "name": ..., "password": ...}}. */
  void setup(Context ctx, Principal ignored) throws WebException {
    Map<String, String> body = jsonBody(ctx);
    String setupToken = required(body, "setupToken", MAX_PASSWORD);
    String name = required(body, "name", MAX_NAME);
    char[] password = required(body, "password", MAX_PASSWORD).toCharArray();
    Optional<String> token;
    try {
      token = authenticator.completeSetup(setupToken, name, password);
    } finally {
      Arrays.fill(password, '\0');
    }
    if (token.isEmpty()) {
      events.on(new WebEvent.LoginRefused(ctx.ip(), name, LoginResult.Reason.BAD_CREDENTIALS));
      throw new WebException(403, "setup refused");
    }
    setCookie(ctx, token.get(), cookieSeconds);
    json(ctx, 200, Json.object(Map.of("token", token.get())));
  }

  /**
   * GET /api/me: who the caller is, what their roles allow the interface to show, the session's
   * CSRF token, and whether their second factor is on.
   */
  void me(Context ctx, Principal caller) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("name", caller.name());
    answer.put("roles", caller.roles().stream().map(Enum::name).sorted().toList());
    answer.put("patientIds", caller.patientIds().stream().sorted().toList());
    answer.put("csrf", Gate.csrf(Gate.token(ctx)));
    answer.put(
        "totp",
        caller.kind() == Principal.Kind.USER
            && authenticator.secondFactor(caller.name()) == SecondFactors.State.ACTIVE);
    json(ctx, 200, Json.object(answer));
  }

  /**
   * POST /api/me/totp: a new second-factor secret for the caller, with the URI an authenticator app
   * reads (RFC 6238; shown once, not in force until confirmed).
   */
  void beginTotp(Context ctx, Principal caller) throws WebException {
    String name = userName(caller);
    String secret;
    try {
      secret = authenticator.beginSecondFactor(name);
    } catch (IdentityException e) {
      throw new WebException(409, e.getMessage());
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("secret", secret);
    answer.put("uri", Totp.uri("Ward", name, secret));
    json(ctx, 200, Json.object(answer));
  }

  /** POST /api/me/totp/confirm with {@code {"code": ...}}: turns the new second factor on. */
  void confirmTotp(Context ctx, Principal caller) throws WebException {
    String name = userName(caller);
    String code = required(jsonBody(ctx), "code", MAX_CODE);
    if (!authenticator.confirmSecondFactor(name, code)) {
      throw WebException.badRequest("the code does not match the new secret");
    }
    ctx.status(204);
  }

  /**
   * POST /api/me/totp/disable with {@code {"password": ..., "code": ...}}: turns the second factor
   * off after the caller proves themselves as at a login.
   */
  void disableTotp(Context ctx, Principal caller) throws WebException {
    String name = userName(caller);
    Map<String, String> body = jsonBody(ctx);
    char[] password = required(body, "password", MAX_PASSWORD).toCharArray();
    String code = required(body, "code", MAX_CODE);
    try {
      if (!authenticator.disableSecondFactor(name, password, code, ctx.ip())) {
        throw new WebException(403, "the password or code is not accepted");
      }
    } finally {
      Arrays.fill(password, '\0');
    }
    ctx.status(204);
  }

  private static String userName(Principal caller) throws WebException {
    if (caller.kind() != Principal.Kind.USER) {
      throw new WebException(403, "only users have a second factor");
    }
    return caller.name();
  }

  /** GET /api/health: says the server answers, and nothing else. */
  void health(Context ctx, Principal ignored) {
    json(ctx, 200, Json.object(Map.of("status", "ok")));
  }

  /**
   * The members of a JSON body. Requiring the JSON media type keeps plain HTML forms of other sites
   * from posting here (such a request needs a CORS preflight, which this server never grants).
   */
  private static Map<String, String> jsonBody(Context ctx) throws WebException {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new WebException(415, "the body must be application/json");
    }
    return Json.stringMembers(ctx.body());
  }

  private static String required(Map<String, String> body, String member, int maxLength)
      throws WebException {
    String v = body.get(member);
    if (v == null || v.isEmpty()) {
      throw WebException.badRequest("'" + member + "' is required");
    }
    if (v.length() > maxLength) {
      throw WebException.badRequest("'" + member + "' is too long");
    }
    return v;
  }

  private static String optional(Map<String, String> body, String member, int maxLength)
      throws WebException {
    String v = body.get(member);
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (v.length() > maxLength) {
      throw WebException.badRequest("'" + member + "' is too long");
    }
    return v;
  }

  private static void setCookie(Context ctx, String token, long maxAge) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      // RFC 6265 4.1.1 cookie-octet: printable ASCII but space, quote, comma, semicolon, backslash.
      if (c <= 0x20 || c >= 0x7F || c == '"' || c == ',' || c == ';' || c == '\\') {
        throw new IllegalStateException("the authenticator issued a token unfit for a cookie");
      }
    }
    ctx.res()
        .addHeader(
            "Set-Cookie",
            Gate.SESSION_COOKIE
                + "="
                + token
                + "; Path=/; Max-Age="
                + maxAge
                + "; HttpOnly; Secure; SameSite=Strict");
  }

  static void json(Context ctx, int status, String body) {
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(body);
  }
}
