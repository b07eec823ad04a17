package ward.archive.web;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ward.archive.auth.Principal;
import ward.net.tls.TlsProfile;

/**
 * Ward's HTTPS server: DICOMweb and the REST API on Javalin and Jetty, behind one gate.
 *
 * <ul>
 *   <li>HTTPS only. The server has exactly one connector, TLS 1.2 or 1.3 with the AEAD suites of
 *       PS3.15's BCP 195 profile ({@link ward.net.tls.Bcp195}), with the key and chain read from
 *       PEM files. Javalin adds a plaintext connector only when none is configured; this one is, so
 *       none is added ({@link #connectors()} shows it).
 *   <li>Every route comes from the {@link RouteTable}; before its handler runs, the {@link Gate}
 *       authenticates the caller and asks the {@link ward.archive.auth.Authorizer} about the
 *       route's action. A handler also refuses to run if the gate has not passed it, so a route
 *       cannot be reached around the gate.
 *   <li>Every response carries HSTS, {@code X-Content-Type-Options: nosniff}, the {@link
 *       #CONTENT_SECURITY_POLICY}, {@code Referrer-Policy: no-referrer} and {@code Cache-Control:
 *       no-store} (the interface's static files revalidate instead); none names the server or its
 *       version; errors are short JSON reasons, never stack traces.
 *   <li>Request bodies are bounded: STOW-RS by {@link WebSettings#maxStowBytes()}, everything else
 *       by {@link WebSettings#maxRequestBytes()}.
 * </ul>
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  /** One year, as RFC 6797 deployments commonly use. */
  private static final long HSTS_SECONDS = 365L * 24 * 3600;

  /**
   * The Content-Security-Policy of every answer: scripts and styles only from the server's own
   * files (no inline script or style, no eval), images also from blob: and data: URLs (the viewer
   * shows fetched renderings as blobs), requests only to the server itself, no framing, no plugins.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:;"
          + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  /** Sent with every answer, errors included. */
  static final String[][] SECURITY_HEADERS = {
    {"X-Content-Type-Options", "nosniff"},
    {"Content-Security-Policy", CONTENT_SECURITY_POLICY},
    {"Referrer-Policy", "no-referrer"},
    {"Cache-Control", "no-store"},
    {"X-Frame-Options", "DENY"}
  };

  private final Javalin app;
  private final List<Route> routes;

  private WebServer(Javalin app, List<Route> routes) {
    this.app = app;
    this.routes = routes;
  }

  /** Starts the server with the route table over {@code archive}. */
  public static WebServer start(WebSettings settings, WebArchive archive)
      throws IOException, GeneralSecurityException {
    List<Route> routes = RouteTable.of(settings, archive);
    TlsProfile tls =
        TlsProfile.builder()
            .keyAndChain(settings.privateKeyPem(), settings.certificateChainPem())
            .build();
    Gate gate = new Gate(archive.authenticator(), archive.authorizer(), archive.events());
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.compressionStrategy = CompressionStrategy.NONE;
              config.http.generateEtags = false;
              config.http.maxRequestSize = settings.maxRequestBytes();
              config.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector connector =
                        new ServerConnector(
                            server,
                            new SslConnectionFactory(sslContextFactory(tls), "http/1.1"),
                            new HttpConnectionFactory(https(http)));
                    connector.setHost(settings.host());
                    connector.setPort(settings.port());
                    return connector;
                  });
              config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
              config.routes.before(WebServer::before);
              config.routes.beforeMatched(ctx -> gate.check(ctx, routeOf(ctx)));
              for (Route route : routes) {
                config.routes.addEndpoint(
                    Endpoint.create(handlerType(route.method()), route.path())
                        .addMetadata(new Guarded(route))
                        .handler(ctx -> run(route, ctx)));
              }
              config.routes.exception(WebException.class, WebServer::answer);
              config.routes.exception(HttpResponseException.class, WebServer::answer);
              config.routes.exception(Exception.class, WebServer::answer);
            });
    try {
      app.start();
    } catch (RuntimeException e) {
      app.stop();
      throw new IOException(
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
    }
    return new WebServer(app, List.copyOf(routes));
  }

  /** The route table the server serves: every route with its required action. */
  public List<Route> routes() {
    return routes;
  }

  /** The port the server listens on (the one picked when the settings said 0). */
  public int port() {
    return app.port();
  }

  /**
   * Each listening connector as its protocol stack, outermost first: {@code [ssl, http/1.1]} for
   * the one HTTPS connector. A plaintext connector would show as {@code [http/1.1]}.
   */
  public List<List<String>> connectors() {
    List<List<String>> stacks = new ArrayList<>();
    for (Connector c : app.jettyServer().server().getConnectors()) {
      stacks.add(List.copyOf(c.getProtocols()));
    }
    return stacks;
  }

  @Override
  public void close() {
    app.stop();
  }

  private static SslContextFactory.Server sslContextFactory(TlsProfile tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setSslContext(tls.context());
    ssl.setIncludeProtocols(tls.protocols().toArray(new String[0]));
    ssl.setIncludeCipherSuites(tls.cipherSuites().toArray(new String[0]));
    ssl.setUseCipherSuitesOrder(true);
    ssl.setRenegotiationAllowed(false);
    return ssl;
  }

  private static HttpConfiguration https(HttpConfiguration base) {
    HttpConfiguration http = new HttpConfiguration(base);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setSecureScheme("https");
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setStsMaxAge(HSTS_SECONDS);
    secure.setStsIncludeSubDomains(false);
    // Clients may reach the server by an address its certificate names but the Host header does
    // not match the SNI name exactly (a proxy, an IP literal); TLS has already authenticated us.
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    return http;
  }

  private static HandlerType handlerType(Route.Method method) {
    return switch (method) {
      case GET -> HandlerType.GET;
      case POST -> HandlerType.POST;
      case DELETE -> HandlerType.DELETE;
    };
  }

  /** Marks each endpoint with its route, so the gate knows the action it requires. */
  private record Guarded(Route route) implements EndpointMetadata {}

  private static Route routeOf(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    Guarded guarded = endpoint == null ? null : endpoint.metadata(Guarded.class);
    if (guarded == null) {
      throw new IllegalStateException("a matched endpoint without a route: " + ctx.path());
    }
    return guarded.route();
  }

  private static void run(Route route, Context ctx) throws Exception {
    Principal caller = ctx.attribute(Gate.PRINCIPAL);
    if (!route.isPublic() && caller == null) {
      // Unreachable while the gate runs first; refusing here keeps it so if that ever changes.
      throw new IllegalStateException("route " + route + " reached without the gate");
    }
    route.handler().handle(ctx, caller);
  }

  /**
   * Runs before every request, matched or not: sets the security headers, and refuses methods no
   * route uses (HEAD, OPTIONS, TRACE, ...) before any routing happens.
   */
  private static void before(Context ctx) throws WebException {
    for (String[] h : SECURITY_HEADERS) {
      ctx.header(h[0], h[1]);
    }
    String method = ctx.method().name();
    if (!method.equals("GET") && !method.equals("POST") && !method.equals("DELETE")) {
      ctx.header("Allow", "GET, POST, DELETE");
      throw new WebException(405, "method not allowed");
    }
  }

  /** The most of an unread request body read and dropped before a refusal is answered. */
  private static final int DRAIN_BYTES = 4 << 20;

  /**
   * Reads what is left of a refused request's body (a body refused by its type is not read at all),
   * so that the client, which may still be sending it, receives the answer instead of a reset.
   * False when more is left than is worth reading.
   */
  private static boolean drained(Context ctx) {
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] sink = new byte[16 << 10];
      long total = 0;
      for (int n; (n = in.read(sink)) >= 0; ) {
        total += n;
        if (total > DRAIN_BYTES) {
          return false;
        }
      }
      return true;
    } catch (IOException | IllegalStateException e) {
      return false;
    }
  }

  private static void answer(Exception e, Context ctx) {
    if (ctx.res().isCommitted()) {
      // The answer is under way (a multipart stream): it cannot be changed, only cut short.
      LOG.warn("{} {} failed while answering", ctx.method(), ctx.path(), e);
      return;
    }
    int status;
    String reason;
    if (e instanceof WebException w) {
      status = w.status();
      reason = w.getMessage();
    } else if (e instanceof HttpResponseException h) {
      status = h.getStatus();
      reason =
          switch (status) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 413 -> "the request body is too large";
            default -> "the request cannot be served";
          };
    } else {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      status = 500;
      reason = "internal error";
    }
    if (ctx.req().getContentLengthLong() != 0 && !drained(ctx)) {
      // What is left of the body is not read: the connection ends with this answer, so that no
      // client sends its next request on a connection about to be closed under it.
      ctx.header("Connection", "close");
    }
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(Json.error(reason));
  }
}
