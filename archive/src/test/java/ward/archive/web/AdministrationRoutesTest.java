package ward.archive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.audit.AuditSource;
import ward.archive.audit.AuditTrail;
import ward.archive.auth.ApplicationEntities;
import ward.archive.auth.Authorizer;
import ward.archive.auth.Principal;
import ward.archive.auth.Resource;
import ward.archive.auth.Role;
import ward.archive.auth.Users;
import ward.archive.config.ConfigLoader;
import ward.archive.db.Database;
import ward.archive.index.DuplicatePolicy;
import ward.archive.index.JdbcIndex;
import ward.archive.ingest.Ingest;
import ward.archive.keys.KeyRing;
import ward.archive.lifecycle.DeletionRequest;
import ward.archive.lifecycle.DeletionRequests;
import ward.archive.posture.PostureScans;
import ward.archive.storage.FileBlobStore;
import ward.net.testing.TestPki;
import ward.net.tls.TlsProfile;

/**
 * The administration and portal routes on a server of their own: each behind the gate with its
 * action (401 without credentials, 403 for every role set that lacks it), bounded JSON bodies, the
 * deletion queue's rules, and posture scans that run one at a time and are cut off at their timeout
 * without holding the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class AdministrationRoutesTest {
  @TempDir static Path dir;

  private Database database;
  private WebServer server;
  private HttpClient client;
  private String base;
  private final TestAuthenticator authenticator = new TestAuthenticator("setup-x");
  private final List<WebEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger scans = new AtomicInteger();
  private volatile CountDownLatch release = new CountDownLatch(0);
  private DeletionRequests requests;

  @BeforeAll
  void start() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"), TestPki.KeyType.EC);
    TestPki.Identity identity = pki.server("ward-web");
    database = Database.embedded(dir.resolve("db"));
    JdbcIndex index = new JdbcIndex(database.dataSource());
    FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
    Clock clock = Clock.systemUTC();
    AuditTrail audit =
        new AuditTrail(
            database.dataSource(),
            new AuditSource("WARD", null, "127.0.0.1"),
            null,
            clock,
            1000,
            false);
    Path data = Files.createDirectories(dir.resolve("data"));
    requests = new DeletionRequests(database.dataSource(), clock);
    PostureScans posture =
        new PostureScans(
            () -> {
              scans.incrementAndGet();
              if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
              }
              return "{\"format\":\"ward-scan/1\",\"endpoints\":[]}";
            },
            Duration.ofSeconds(3),
            clock);
    WebAdministration admin =
        new WebAdministration(
            new Users(database.dataSource()),
            new ApplicationEntities(database.dataSource(), clock),
            requests,
            new SystemStatus(
                "test",
                Instant.now(),
                clock,
                ConfigLoader.load(data, null, Map.of(), Map.of()).config(),
                Map.of("https", 443),
                database.dataSource(),
                KeyRing.open(dir.resolve("keys")),
                null),
            pki.caCertificate(),
            posture);
    server =
        WebServer.start(
            WebSettings.of("127.0.0.1", 0, identity.key(), identity.chain()),
            new WebArchive(
                index,
                blobs,
                new Ingest(blobs, index, DuplicatePolicy.REJECT, clock),
                authenticator,
                new Authorizer(),
                events::add,
                audit,
                admin));
    client =
        HttpClient.newBuilder()
            .sslContext(
                TlsProfile.builder().trustedCertificates(pki.caCertificate()).build().context())
            .build();
    base = "https://127.0.0.1:" + server.port();
  }

  @AfterAll
  void stop() {
    server.close();
    database.close();
  }

  private HttpResponse<String> send(String method, String path, String token, String json)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return client.send(
        b.method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<Route> administrationRoutes() {
    List<Route> out = new ArrayList<>();
    for (Route r : server.routes()) {
      if (r.path().startsWith("/api/admin")
          || r.path().startsWith("/api/me/deletion")
          || r.path().equals("/api/ca.pem")
          || r.path().endsWith("/download")) {
        out.add(r);
      }
    }
    return out;
  }

  private static String fill(String path) {
    return path.replace("{name}", "someone")
        .replace("{ae}", "SOMEAE")
        .replace("{id}", "1")
        .replace("{study}", "1.2.3");
  }

  @Test
  void everyAdministrationRouteIsGuardedAndRefusesRolesLackingItsAction() throws Exception {
    List<Route> routes = administrationRoutes();
    assertThat(routes).hasSize(20);
    Authorizer authorizer = new Authorizer();
    for (Route route : routes) {
      assertThat(route.isPublic()).as(route.toString()).isFalse();
      assertThat(send(route.method().name(), fill(route.path()), null, null).statusCode())
          .as(route.toString())
          .isEqualTo(401);
      Set<Role> lacking = EnumSet.noneOf(Role.class);
      for (Role role : Role.values()) {
        if (!authorizer.allows(
            Principal.user("probe", Set.of(role)), route.action(), Resource.ARCHIVE)) {
          lacking.add(role);
        }
      }
      if (lacking.isEmpty()) {
        assertThat(route.action()).isEqualTo(ward.archive.auth.Action.READ_CA_CERTIFICATE);
        continue;
      }
      String token = authenticator.tokenFor(Principal.user("lacking", lacking));
      assertThat(send(route.method().name(), fill(route.path()), token, null).statusCode())
          .as(route + " with " + lacking)
          .isEqualTo(403);
    }
  }

  @Test
  void bodiesAreBoundedTypedAndJson() throws Exception {
    String admin = authenticator.tokenFor("root1", Role.ADMINISTRATOR);
    assertThat(send("POST", "/api/admin/users", admin, "[1,2]").body())
        .contains("must be a JSON object");
    assertThat(send("POST", "/api/admin/users", admin, "{\"name\":1}").body())
        .contains("'name' must be a string");
    assertThat(
            send("POST", "/api/admin/users", admin, "{\"name\":\"a\",\"roles\":\"READER\"}").body())
        .contains("'roles' must be an array");
    assertThat(send("POST", "/api/admin/users", admin, "{\"name\":\"a\",\"bad\":true}").body())
        .contains("unknown member 'bad'");
    assertThat(send("POST", "/api/admin/users", admin, "{\"a\":{\"b\":{\"c\":[1]}}}").statusCode())
        .isEqualTo(400);
    assertThat(send("POST", "/api/admin/aes", admin, "{\"aeTitle\":\"X\"").statusCode())
        .isEqualTo(400);
    assertThat(
            send(
                    "POST",
                    "/api/admin/aes",
                    admin,
                    "{\"aeTitle\":\"X\",\"authentication\":\"CERTIFICATE\",\"roles\":[\"READER\"],"
                        + "\"certificatePem\":\"-----BEGIN CERTIFICATE-----\\nnonsense\"}")
                .body())
        .contains("not a PEM certificate");
    assertThat(send("GET", "/api/admin/aes", admin, null).body()).isEqualTo("[]");
  }

  @Test
  void theDeletionQueueKeepsOnePendingRequestAndDecidesOnce() throws Exception {
    DeletionRequest r = requests.file("pat.queue", "1.2.840.99.1", "");
    assertThat(r.state()).isEqualTo(DeletionRequest.State.PENDING);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> requests.file("pat.queue", "1.2.840.99.1", "again"))
        .isInstanceOf(DeletionRequests.Refused.class);
    assertThat(requests.decide(r.id(), DeletionRequest.State.REJECTED, "root1"))
        .hasValueSatisfying(
            d -> {
              assertThat(d.state()).isEqualTo(DeletionRequest.State.REJECTED);
              assertThat(d.decidedBy()).isEqualTo("root1");
              assertThat(d.decidedAt()).isNotNull();
            });
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> requests.decide(r.id(), DeletionRequest.State.APPROVED, "root1"))
        .isInstanceOf(DeletionRequests.Refused.class)
        .hasMessageContaining("rejected already");
    assertThat(requests.decide(987_654, DeletionRequest.State.APPROVED, "root1")).isEmpty();
    // decided: the patient may ask again
    assertThat(requests.file("pat.queue", "1.2.840.99.1", "please").id()).isNotEqualTo(r.id());
    assertThat(requests.of("pat.queue", 10)).hasSize(2);
    assertThat(requests.of("someone.else", 10)).isEmpty();

    // over HTTPS, a patient who owns no such study is answered 404, and nothing is filed
    String patient =
        authenticator.tokenFor(
            new Principal("pat.web", Principal.Kind.USER, Set.of(Role.PATIENT), Set.of("P-1")));
    HttpResponse<String> refused =
        send("POST", "/api/me/deletion-requests", patient, "{\"study\":\"1.2.840.99.1\"}");
    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/me/deletion-requests", patient, null).body()).isEqualTo("[]");
  }

  @Test
  void postureScansRunOneAtATimeAndStopAtTheirTimeout() throws Exception {
    String admin = authenticator.tokenFor("root2", Role.ADMINISTRATOR);
    assertThat(send("GET", "/api/admin/posture", admin, null).statusCode()).isIn(200, 404);

    // two requests while a scan runs: one scan, both answered with its result
    release = new CountDownLatch(1);
    int before = scans.get();
    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(() -> sendQuietly("POST", "/api/admin/posture", admin));
    CompletableFuture<HttpResponse<String>> second =
        CompletableFuture.supplyAsync(() -> sendQuietly("POST", "/api/admin/posture", admin));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (scans.get() == before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(300);
    // the server still answers while the scan holds its worker
    assertThat(send("GET", "/api/health", null, null).statusCode()).isEqualTo(200);
    release.countDown();
    assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(scans.get() - before).isEqualTo(1);
    assertThat(first.get().body()).contains("\"requestedBy\":\"root2\"").contains("ward-scan/1");
    assertThat(send("GET", "/api/admin/posture", admin, null).body()).contains("ward-scan/1");

    // a scan that does not finish in time is answered 504 and interrupted
    release = new CountDownLatch(1);
    HttpResponse<String> late = send("POST", "/api/admin/posture", admin, null);
    assertThat(late.statusCode()).isEqualTo(504);
    assertThat(late.body()).contains("did not finish within 3 s");
    release.countDown();
  }

  private HttpResponse<String> sendQuietly(String method, String path, String token) {
    try {
      return send(method, path, token, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
