package ward.archive.web;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;
import ward.archive.audit.AuditSource;
import ward.archive.audit.AuditTrail;
import ward.archive.auth.Authorizer;
import ward.archive.db.Database;
import ward.archive.index.DuplicatePolicy;
import ward.archive.index.JdbcIndex;
import ward.archive.ingest.Ingest;
import ward.archive.storage.FileBlobStore;
import ward.net.testing.TestPki;
import ward.net.tls.TlsProfile;

/**
 * A running HTTPS server over a fresh archive (embedded database, file blob store, the real ingest
 * pipeline and index) with a throw-away PKI, an in-memory authenticator and a client that trusts
 * the test CA and nothing else.
 */
final class WebFixture implements AutoCloseable {
  static final String SETUP_TOKEN = "setup-7f3c9a";

  static {
    // Jetty and Javalin at DEBUG would slow every request down.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty"))
        .setLevel(Level.WARN);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.javalin")).setLevel(Level.WARN);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.zaxxer")).setLevel(Level.WARN);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.flywaydb")).setLevel(Level.WARN);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("h2database")).setLevel(Level.WARN);
  }

  final TestPki pki;
  final Database database;
  final JdbcIndex index;
  final FileBlobStore blobs;
  final AuditTrail audit;
  final TestAuthenticator authenticator = new TestAuthenticator(SETUP_TOKEN);
  final List<WebEvent> events = new CopyOnWriteArrayList<>();
  final WebServer server;
  final HttpClient client;
  final String base;

  WebFixture(Path dir, long maxStowBytes) throws IOException, GeneralSecurityException {
    this(dir, maxStowBytes, null);
  }

  /** A server that also serves the OHIF Viewer build in {@code ohifDir} (when not null). */
  WebFixture(Path dir, long maxStowBytes, Path ohifDir)
      throws IOException, GeneralSecurityException {
    pki = TestPki.create(dir.resolve("pki"), TestPki.KeyType.EC);
    TestPki.Identity identity = pki.server("ward-web");
    database = Database.embedded(dir.resolve("db"));
    index = new JdbcIndex(database.dataSource());
    blobs = new FileBlobStore(dir.resolve("blobs"));
    Ingest ingest = new Ingest(blobs, index, DuplicatePolicy.REJECT, Clock.systemUTC());
    audit =
        new AuditTrail(
            database.dataSource(),
            new AuditSource("WARD", null, "127.0.0.1"),
            null,
            Clock.systemUTC(),
            1000,
            false);
    WebArchive archive =
        new WebArchive(index, blobs, ingest, authenticator, new Authorizer(), events::add, audit);
    WebSettings settings =
        WebSettings.of("127.0.0.1", 0, identity.key(), identity.chain())
            .withMaxStowBytes(maxStowBytes)
            .withOhifDir(ohifDir);
    server = WebServer.start(settings, archive);
    client =
        HttpClient.newBuilder()
            .sslContext(
                TlsProfile.builder().trustedCertificates(pki.caCertificate()).build().context())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    base = "https://127.0.0.1:" + server.port();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  HttpRequest.Builder request(String path, String token) {
    return request(path).header("Authorization", "Bearer " + token);
  }

  HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> sendForText(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
    database.close();
  }
}
