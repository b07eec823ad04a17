package ward.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import ward.scan.dicom.DicomObservation;
import ward.scan.dicom.DicomProbe;
import ward.scan.finding.Aggregate;
import ward.scan.finding.Assessment;
import ward.scan.finding.EndpointReport;
import ward.scan.finding.ScanReport;
import ward.scan.target.Endpoint;
import ward.scan.target.Protocol;
import ward.scan.tls.TlsObservation;
import ward.scan.tls.TlsProbe;
import ward.scan.web.WebObservation;
import ward.scan.web.WebProbe;

/**
 * Runs an assessment over many endpoints: at most {@code concurrency} at once, new connections
 * spaced by the rate limit, every step bounded by the timeout, everything sent logged.
 */
public final class Scanner {

  private final ScanSettings settings;

  public Scanner(ScanSettings settings) {
    this.settings = settings;
  }

  /** Scans every endpoint; {@code progress} hears of each one as it is done. */
  public ScanReport scan(List<Endpoint> endpoints, Consumer<EndpointReport> progress)
      throws InterruptedException {
    Instant started = Instant.now();
    ProbeContext context =
        new ProbeContext(settings, new SendLog(), new RateLimit(settings.connectionsPerSecond()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(settings.concurrency(), Math.max(1, endpoints.size())),
            r -> {
              Thread t = new Thread(r, "ward-scan");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<EndpointReport>> futures = new ArrayList<>();
      for (Endpoint e : endpoints) {
        futures.add(
            pool.submit(
                () -> {
                  EndpointReport r = assess(context, e);
                  if (progress != null) {
                    synchronized (progress) {
                      progress.accept(r);
                    }
                  }
                  return r;
                }));
      }
      List<EndpointReport> reports = new ArrayList<>();
      for (Future<EndpointReport> f : futures) {
        try {
          reports.add(f.get());
        } catch (ExecutionException ex) {
          throw new IllegalStateException("a probe failed: " + ex.getCause(), ex.getCause());
        }
      }
      return new ScanReport(
          started.toString(),
          Instant.now().toString(),
          reports,
          Aggregate.of(reports),
          context.log().lines());
    } finally {
      pool.shutdownNow();
    }
  }

  /** One endpoint: DICOM first where it may be, then TLS, then the web. */
  static EndpointReport assess(ProbeContext context, Endpoint e) {
    DicomObservation dicom = null;
    TlsObservation tls = null;
    WebObservation web = null;
    if (e.protocols().contains(Protocol.DICOM)) {
      dicom = new DicomProbe(context).probe(e);
      if (!dicom.reachable()) {
        return Assessment.of(e, dicom, null, null);
      }
      if ("tls".equals(dicom.transport())) {
        tls = new TlsProbe(context).probe(e);
      }
    }
    if (e.protocols().contains(Protocol.WEB) && (dicom == null || !dicom.speaksDicom())) {
      web = new WebProbe(context).probe(e);
      if ("https".equals(web.scheme())) {
        tls = new TlsProbe(context).probe(e);
      }
    }
    return Assessment.of(e, dicom, tls, web);
  }
}
