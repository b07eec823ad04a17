package ward.archive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.auth.Action;
import ward.archive.auth.Authorizer;
import ward.archive.auth.Principal;
import ward.archive.auth.Resource;
import ward.archive.auth.Role;
import ward.archive.auth.Totp;
import ward.net.tls.TlsProfile;

/** The HTTPS server itself: TLS only, the gate in front of every route, headers, sessions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class WebServerTest {
  @TempDir static Path dir;
  private WebFixture web;

  @BeforeAll
  void start() throws Exception {
    web = new WebFixture(dir, 1 << 20);
  }

  @AfterAll
  void stop() {
    web.close();
  }

  @BeforeEach
  void clearEvents() {
    web.events.clear();
  }

  // ---------------------------------------------------------------- TLS only

  @Test
  void listensOnExactlyOneConnectorAndItIsTls() {
    assertThat(web.server.connectors()).containsExactly(List.of("ssl", "http/1.1"));
  }

  @Test
  void plaintextHttpOnTheServerPortGetsNoHttpAnswer() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), web.server.port()), 5000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] answer = readSome(s.getInputStream());
      assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.");
    }
  }

  @Test
  void negotiatesTls13WithTheDefaultClient() throws Exception {
    try (SSLSocket s = clientSocket(null, null)) {
      s.startHandshake();
      assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void refusesTls12ClientOfferingOnlyCbcSuites() throws Exception {
    try (SSLSocket s =
        clientSocket(
            new String[] {"TLSv1.2"},
            new String[] {
              "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"
            })) {
      assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void acceptsTls12WithAnAeadSuite() throws Exception {
    try (SSLSocket s =
        clientSocket(
            new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"})) {
      s.startHandshake();
      assertThat(s.getSession().getCipherSuite())
          .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }
  }

  private SSLSocket clientSocket(String[] protocols, String[] suites) throws Exception {
    SSLContext context =
        TlsProfile.builder().trustedCertificates(web.pki.caCertificate()).build().context();
    SSLSocket s =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", web.server.port());
    s.setSoTimeout(5000);
    if (protocols != null) {
      s.setEnabledProtocols(protocols);
    }
    if (suites != null) {
      s.setEnabledCipherSuites(suites);
    }
    return s;
  }

  private static byte[] readSome(InputStream in) {
    byte[] buf = new byte[256];
    int n = 0;
    try {
      while (n < buf.length) {
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (IOException e) {
      // a reset or a timeout: the server did not answer in HTTP
    }
    return java.util.Arrays.copyOf(buf, n);
  }

  // ---------------------------------------------------------------- headers and errors

  @Test
  void healthIsPublicAndEveryAnswerCarriesTheSecurityHeaders() throws Exception {
    HttpResponse<String> ok = web.sendForText(web.request("/api/health").GET().build());
    HttpResponse<String> unauthorized =
        web.sendForText(web.request("/dicomweb/studies").GET().build());
    HttpResponse<String> notFound = web.sendForText(web.request("/no/such/path").GET().build());

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertThat(notFound.statusCode()).isEqualTo(404);
    for (HttpResponse<String> r : List.of(ok, unauthorized, notFound)) {
      assertThat(r.headers().firstValue("Strict-Transport-Security"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("max-age=31536000"));
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .hasValue(WebServer.CONTENT_SECURITY_POLICY);
      assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
          .startsWith("default-src 'none';")
          .contains("script-src 'self';", "frame-ancestors 'none'")
          .doesNotContain("unsafe");
      assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(r.headers().firstValue("Server")).isEmpty();
      assertThat(r.headers().firstValue("X-Powered-By")).isEmpty();
    }
    assertThat(notFound.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(notFound.body()).isEqualTo("{\"error\":\"not found\"}");
  }

  @Test
  void malformedAndOversizedBodiesGetShortJsonReasonsWithoutStackTraces() throws Exception {
    HttpResponse<String> malformed =
        web.sendForText(
            web.request("/api/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":"))
                .build());
    HttpResponse<String> oversized =
        web.sendForText(
            web.request("/api/login")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + "x".repeat(20_000) + "\"}"))
                .build());

    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).startsWith("{\"error\":\"the body is not valid JSON");
    assertThat(oversized.statusCode()).isEqualTo(413);
    for (HttpResponse<String> r : List.of(malformed, oversized)) {
      assertThat(r.body()).doesNotContain("Exception", "\tat ", "ward.archive", "Jetty", "Javalin");
    }
  }

  @Test
  void methodsNoRouteUsesAreRefusedBeforeRouting() throws Exception {
    for (String method : List.of("HEAD", "OPTIONS", "TRACE", "PUT", "PATCH")) {
      HttpResponse<String> r =
          web.sendForText(
              web.request("/dicomweb/studies")
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build());
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).as(method).hasValue("GET, POST, DELETE");
    }
  }

  @Test
  void errorsJettyAnswersItselfAreShortJsonToo() throws Exception {
    HttpResponse<String> r =
        web.sendForText(
            web.request("/api/health").header("X-Padding", "a".repeat(20_000)).GET().build());

    assertThat(r.statusCode()).isEqualTo(431);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.body()).isEqualTo("{\"error\":\"Request Header Fields Too Large\"}");
  }

  // ---------------------------------------------------------------- the route table and the gate

  @Test
  void publicRoutesAreOnlyLoginLogoutSetupHealthAndTheInterfaceFiles() {
    List<String> open = new ArrayList<>();
    for (Route r : web.server.routes()) {
      if (r.isPublic()) {
        open.add(r.method() + " " + r.path());
      }
    }
    assertThat(open)
        .containsExactlyInAnyOrder(
            "POST /api/login",
            "POST /api/logout",
            "POST /api/setup",
            "GET /api/health",
            "GET /",
            "GET /ui/{file}");
  }

  @Test
  void everyGuardedRouteRefusesCallersWithoutCredentials() throws Exception {
    int checked = 0;
    for (Route route : guarded()) {
      HttpResponse<String> r = web.sendForText(call(route, null));
      assertThat(r.statusCode()).as(route.toString()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .as(route.toString())
          .hasValue("Bearer realm=\"ward\"");
      assertThat(r.body())
          .as(route.toString())
          .isEqualTo("{\"error\":\"authentication required\"}");
      checked++;
    }
    assertThat(checked).isGreaterThan(20);
    assertThat(web.events)
        .hasSize(checked)
        .allSatisfy(e -> assertThat(e).isInstanceOf(WebEvent.Unauthenticated.class));
  }

  @Test
  void everyGuardedRouteRefusesAnUnknownToken() throws Exception {
    for (Route route : guarded()) {
      HttpResponse<String> r = web.sendForText(call(route, "not-a-token"));
      assertThat(r.statusCode()).as(route.toString()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .as(route.toString())
          .hasValue("Bearer realm=\"ward\", error=\"invalid_token\"");
    }
  }

  @Test
  void everyGuardedRouteRefusesCallersWhoseRolesLackItsAction() throws Exception {
    Authorizer authorizer = new Authorizer();
    for (Route route : guarded()) {
      Set<Role> lacking = EnumSet.noneOf(Role.class);
      for (Role role : Role.values()) {
        if (!authorizer.allows(
            Principal.user("probe", Set.of(role)), route.action(), Resource.ARCHIVE)) {
          lacking.add(role);
        }
      }
      if (route.action() != Action.OWN_ACCOUNT) {
        // Every route but the caller's own account is some role's business only.
        assertThat(lacking).as(route.toString()).isNotEmpty();
      }
      String token = web.authenticator.tokenFor(Principal.user("lacking", lacking));
      web.events.clear();

      HttpResponse<String> r = web.sendForText(call(route, token));

      assertThat(r.statusCode()).as(route + " with " + lacking).isEqualTo(403);
      assertThat(r.body()).as(route.toString()).startsWith("{\"error\":\"not allowed to ");
      assertThat(web.events)
          .singleElement()
          .isInstanceOfSatisfying(
              WebEvent.Forbidden.class, f -> assertThat(f.action()).isEqualTo(route.action()));
    }
  }

  private List<Route> guarded() {
    List<Route> guarded = new ArrayList<>();
    for (Route r : web.server.routes()) {
      if (!r.isPublic()) {
        guarded.add(r);
      }
    }
    return guarded;
  }

  /** A request to a route, its path parameters filled with well-formed values. */
  private HttpRequest call(Route route, String token) {
    String path =
        route
            .path()
            .replace("{study}", "1.2.826.0.1.3680043.9.7433.1")
            .replace("{series}", "1.2.826.0.1.3680043.9.7433.1.1")
            .replace("{instance}", "1.2.826.0.1.3680043.9.7433.1.1.1")
            .replace("{frames}", "1")
            .replace("{frame}", "1")
            .replace("<path>", "7FE00010")
            .replace("<id>", "SYN-PATIENT-1");
    if (path.equals("/dicomweb/wado")) {
      path += "?requestType=WADO&studyUID=1.2.3&seriesUID=1.2.3.4&objectUID=1.2.3.4.5";
    }
    HttpRequest.Builder b = web.request(path);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.method(route.method().name(), HttpRequest.BodyPublishers.noBody()).build();
  }

  // ---------------------------------------------------------------- sessions

  @Test
  void loginSetsASecureSessionCookieThatAuthenticatesUntilLogout() throws Exception {
    web.authenticator.addUser(
        "alma.reader", "correct horse", Principal.user("alma.reader", Set.of(Role.READER)));

    HttpResponse<String> login = login("alma.reader", "correct horse");

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("\"token\":\"").contains("\"expires\":\"");
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith(Gate.SESSION_COOKIE + "=")
        .contains("; HttpOnly", "; Secure", "; SameSite=Strict", "; Path=/");
    String session = cookie.substring(0, cookie.indexOf(';'));

    HttpResponse<String> query =
        web.sendForText(web.request("/dicomweb/studies").header("Cookie", session).GET().build());
    assertThat(query.statusCode()).isEqualTo(204);

    HttpResponse<String> forged =
        web.sendForText(
            web.request("/api/logout")
                .header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("CSRF");

    HttpResponse<String> logout =
        web.sendForText(
            web.request("/api/logout")
                .header("Cookie", session)
                .header("X-CSRF-Token", member(login.body(), "csrf"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(logout.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(v -> assertThat(v).contains("Max-Age=0"));

    HttpResponse<String> after =
        web.sendForText(web.request("/dicomweb/studies").header("Cookie", session).GET().build());
    assertThat(after.statusCode()).isEqualTo(401);
  }

  @Test
  void loginTakesOnlyJsonSoOtherSitesFormsCannotPostIt() throws Exception {
    HttpResponse<String> form =
        web.sendForText(
            web.request("/api/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=a&password=b"))
                .build());

    assertThat(form.statusCode()).isEqualTo(415);
  }

  @Test
  void aRefusedLoginDoesNotTellWhetherTheNameExists() throws Exception {
    web.authenticator.addUser(
        "bruno.reader", "right password", Principal.user("bruno.reader", Set.of(Role.READER)));

    HttpResponse<String> wrongPassword = login("bruno.reader", "wrong password");
    HttpResponse<String> unknownName = login("nobody.here", "right password");

    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(unknownName.statusCode()).isEqualTo(401);
    assertThat(wrongPassword.body()).isEqualTo(unknownName.body());
    assertThat(wrongPassword.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(web.events)
        .hasSize(2)
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        WebEvent.LoginRefused.class,
                        r -> assertThat(r.reason()).isEqualTo(LoginResult.Reason.BAD_CREDENTIALS)));
  }

  @Test
  void repeatedFailedLoginsAreRateLimited() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(login("carla.guess", "guess " + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> limited = login("carla.guess", "guess 4");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void setupCreatesTheFirstAdministratorOnlyOnce() throws Exception {
    String body =
        "{\"setupToken\":\""
            + WebFixture.SETUP_TOKEN
            + "\",\"name\":\"dora.admin\",\"password\":\"a long passphrase\"}";
    HttpResponse<String> first =
        web.sendForText(
            web.request("/api/setup")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    HttpResponse<String> second =
        web.sendForText(
            web.request("/api/setup")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());

    assertThat(first.statusCode()).isEqualTo(200);
    String token = first.body().replaceAll(".*\"token\":\"([0-9a-f]+)\".*", "$1");
    assertThat(web.authenticator.resolve(token))
        .hasValueSatisfying(p -> assertThat(p.roles()).containsExactly(Role.ADMINISTRATOR));
    assertThat(second.statusCode()).isEqualTo(403);
  }

  @Test
  void aCookieCallThatChangesSomethingNeedsTheSessionsCsrfToken() throws Exception {
    web.authenticator.addUser(
        "ola.admin", "correct horse", Principal.user("ola.admin", Set.of(Role.ADMINISTRATOR)));
    HttpResponse<String> login = login("ola.admin", "correct horse");
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    String session = cookie.substring(0, cookie.indexOf(';'));
    String csrf = member(login.body(), "csrf");
    String study = "/api/studies/1.2.826.0.1.3680043.9.7433.1";

    HttpResponse<String> without =
        web.sendForText(web.request(study).header("Cookie", session).DELETE().build());
    HttpResponse<String> wrong =
        web.sendForText(
            web.request(study)
                .header("Cookie", session)
                .header("X-CSRF-Token", csrf.substring(1) + "A")
                .DELETE()
                .build());
    HttpResponse<String> right =
        web.sendForText(
            web.request(study)
                .header("Cookie", session)
                .header("X-CSRF-Token", csrf)
                .DELETE()
                .build());
    HttpResponse<String> bearer =
        web.sendForText(
            web.request(study)
                .header("Authorization", "Bearer " + member(login.body(), "token"))
                .DELETE()
                .build());

    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(without.body()).contains("missing or wrong CSRF token");
    assertThat(wrong.statusCode()).isEqualTo(403);
    // Past the gate, the study does not exist: the request was let through.
    assertThat(right.statusCode()).isEqualTo(404);
    assertThat(bearer.statusCode()).isEqualTo(404);
    // A GET needs no token: it changes nothing.
    HttpResponse<String> me =
        web.sendForText(web.request("/api/me").header("Cookie", session).GET().build());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(member(me.body(), "csrf")).isEqualTo(csrf);
    assertThat(me.body()).contains("\"roles\":[\"ADMINISTRATOR\"]").contains("\"totp\":false");
  }

  @Test
  void aSecondFactorOnceConfirmedIsNeededAtEveryLogin() throws Exception {
    web.authenticator.addUser(
        "ida.reader", "correct horse", Principal.user("ida.reader", Set.of(Role.READER)));
    String token = member(login("ida.reader", "correct horse").body(), "token");

    HttpResponse<String> begin =
        web.sendForText(
            web.request("/api/me/totp")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(begin.statusCode()).isEqualTo(200);
    String secret = member(begin.body(), "secret");
    assertThat(member(begin.body(), "uri"))
        .startsWith("otpauth://totp/Ward:ida.reader?secret=" + secret);
    // Not in force before it is confirmed.
    assertThat(login("ida.reader", "correct horse").statusCode()).isEqualTo(200);

    HttpResponse<String> badConfirm =
        postJson("/api/me/totp/confirm", token, "{\"code\":\"000000\"}");
    String code = Totp.code(secret, java.time.Instant.now());
    HttpResponse<String> confirm =
        postJson("/api/me/totp/confirm", token, "{\"code\":\"" + code + "\"}");

    assertThat(badConfirm.statusCode()).isIn(400, 204); // 000000 is right once in a million
    assertThat(confirm.statusCode()).isEqualTo(204);
    assertThat(login("ida.reader", "correct horse").statusCode()).isEqualTo(401);
    assertThat(login("ida.reader", "correct horse").body())
        .isEqualTo("{\"error\":\"the name, password or code is not accepted\"}");
    HttpResponse<String> withCode =
        web.sendForText(
            web.request("/api/login")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"ida.reader\",\"password\":\"correct horse\",\"code\":\""
                            + Totp.code(secret, java.time.Instant.now())
                            + "\"}"))
                .build());
    assertThat(withCode.statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> postJson(String path, String token, String body) throws Exception {
    return web.sendForText(
        web.request(path)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** A string member of a flat JSON answer. */
  private static String member(String json, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }

  private HttpResponse<String> login(String name, String password) throws Exception {
    return web.sendForText(
        web.request("/api/login")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}"))
            .build());
  }
}
