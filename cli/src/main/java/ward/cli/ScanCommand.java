package ward.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ward.scan.ScanSettings;
import ward.scan.Scanner;
import ward.scan.diff.ScanDiff;
import ward.scan.finding.ScanReport;
import ward.scan.finding.Severity;
import ward.scan.report.HtmlReport;
import ward.scan.report.JsonReport;
import ward.scan.report.TerminalReport;
import ward.scan.target.Endpoint;
import ward.scan.target.Targets;

/** {@code ward scan}: can someone who is not authorized reach these images? */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    subcommands = ScanCommand.Diff.class,
    description = {
      "Assess DICOM and DICOMweb endpoints you are authorized to test: do they accept callers"
          + " without credentials, what can such a caller query (counted, never kept), is TLS"
          + " sound. Targets: HOST, HOST:PORT, [IPV6]:PORT, CIDR ranges, --targets-file. Without"
          + " a port every default DICOM and web port is probed.",
      "Passive by default: associations, C-ECHO and C-FIND only. Retrieval, storage and default"
          + " web passwords only with --try-retrieve, --try-store, --try-default-credentials.",
      "Public (non-private, non-loopback) addresses are refused unless --authorized is given.",
      "Exit status: 0 nothing above low, 1 findings at medium or above, 2 invalid input."
    })
final class ScanCommand implements Callable<Integer> {

  static final int CLEAN = 0;
  static final int FINDINGS = 1;
  static final int INVALID = 2;

  @Parameters(paramLabel = "TARGET", arity = "0..*", description = "hosts, HOST:PORT or CIDR")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--targets-file",
      paramLabel = "FILE",
      description =
          "a file of targets, one a line (also nmap -oG and masscan -oL output); repeatable")
  List<Path> targetFiles = new ArrayList<>();

  @Option(
      names = "--dicom-ports",
      split = ",",
      paramLabel = "PORT",
      description = "DICOM ports for targets without a port (default: 104,11112,2761,2762,4242)")
  List<Integer> dicomPorts;

  @Option(
      names = "--web-ports",
      split = ",",
      paramLabel = "PORT",
      description = "web ports for targets without a port (default: 80,443,8042,8080,8443)")
  List<Integer> webPorts;

  @Option(
      names = "--ae",
      paramLabel = "TITLE",
      description = "a called AE title to try besides the built-in dictionary; repeatable")
  List<String> calledAes = new ArrayList<>();

  @Option(
      names = "--aet",
      paramLabel = "CALLING",
      defaultValue = ScanSettings.DEFAULT_CALLING_AE,
      description = "this side's AE title (default: ${DEFAULT-VALUE})")
  String callingAe;

  @Option(
      names = "--timeout",
      paramLabel = "MILLIS",
      defaultValue = "5000",
      description = "bound on each connect, handshake and answer (default: ${DEFAULT-VALUE} ms)")
  long timeoutMillis;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "32",
      description = "endpoints assessed at once (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "100",
      description = "the most new connections per second (default: ${DEFAULT-VALUE})")
  int rate;

  @Option(
      names = "--max-matches",
      paramLabel = "N",
      defaultValue = "100000",
      description = "C-FIND matches read per query before cancelling (default: ${DEFAULT-VALUE})")
  int maxMatches;

  @Option(
      names = "--try-retrieve",
      description = "opt in: C-GET one instance where queries are open (discarded unread)")
  boolean tryRetrieve;

  @Option(
      names = "--try-store",
      description =
          "opt in: C-STORE one synthetic test instance (PatientID WARD-SCAN-TEST) where storage"
              + " is accepted")
  boolean tryStore;

  @Option(
      names = "--try-default-credentials",
      description = "opt in: try well-known default web passwords where a login is asked for")
  boolean tryDefaultCredentials;

  @Option(
      names = "--trust",
      paramLabel = "CA.pem",
      description = "certificates (PEM) a TLS server's certificate may chain to, besides the JDK's")
  Path trust;

  @Option(
      names = "--authorized",
      description =
          "confirm you are authorized to test the public addresses among the targets (they are"
              + " refused otherwise)")
  boolean authorized;

  @Option(names = "--json", paramLabel = "FILE", description = "write the report as JSON")
  Path json;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "write a self-contained HTML report with a chart of findings by severity")
  Path html;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      description = "write the log of everything sent, one line each")
  Path log;

  @Option(
      names = {"-v", "--verbose"},
      description = "show closed ports, info findings and remediation")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      List<Endpoint> endpoints = endpoints();
      ScanSettings settings = settings();
      refusePublicUnlessAuthorized(endpoints, authorized);
      for (Path p : new Path[] {json, html, log}) {
        if (p != null && p.getParent() != null && !Files.isDirectory(p.getParent())) {
          throw new IllegalArgumentException("no directory for " + p);
        }
      }
      // before the first TLS connection of this process: probes may offer TLS 1.0 and 1.1
      ward.scan.tls.ProbeTls.allowLegacyProtocolsForProbing();
      ScanReport report = new Scanner(settings).scan(endpoints, null);
      TerminalReport.print(report, out, verbose);
      if (json != null) {
        Files.writeString(json, JsonReport.write(report), StandardCharsets.UTF_8);
      }
      if (html != null) {
        Files.writeString(html, HtmlReport.write(report), StandardCharsets.UTF_8);
      }
      if (log != null) {
        Files.write(log, report.sent(), StandardCharsets.UTF_8);
      }
      Severity worst = report.aggregate().worst();
      return worst != null && worst.atLeast(Severity.MEDIUM) ? FINDINGS : CLEAN;
    } catch (IllegalArgumentException e) {
      err.println("ward scan: " + e.getMessage());
      return INVALID;
    } catch (IOException e) {
      err.println("ward scan: " + e.getMessage());
      return INVALID;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("ward scan: interrupted");
      return INVALID;
    } finally {
      err.flush();
      out.flush();
    }
  }

  List<Endpoint> endpoints() throws IOException {
    Targets t =
        new Targets(
            dicomPorts == null ? Targets.DICOM_PORTS : dicomPorts,
            webPorts == null ? Targets.WEB_PORTS : webPorts,
            java.net.InetAddress::getByName);
    for (String s : targets) {
      t.add(s);
    }
    for (Path f : targetFiles) {
      if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
        throw new IllegalArgumentException("--targets-file " + f + " is not a readable file");
      }
      t.addFile(f);
    }
    List<Endpoint> endpoints = t.endpoints();
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException(
          "no targets: give HOST, HOST:PORT, CIDR or --targets-file");
    }
    return endpoints;
  }

  /**
   * Refuses public addresses without {@code --authorized}; decided from the addresses alone.
   *
   * @throws IllegalArgumentException naming the first few
   */
  static void refusePublicUnlessAuthorized(List<Endpoint> endpoints, boolean authorized) {
    List<Endpoint> pub = Targets.publicOnes(endpoints);
    if (pub.isEmpty() || authorized) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (Endpoint e : pub.subList(0, Math.min(3, pub.size()))) {
      names.add(e.key());
    }
    throw new IllegalArgumentException(
        pub.size()
            + " public target(s) ("
            + String.join(", ", names)
            + (pub.size() > 3 ? ", ..." : "")
            + "): scan only systems you are authorized to test, and say so with --authorized");
  }

  ScanSettings settings() throws IOException {
    List<X509Certificate> trusted = new ArrayList<>();
    if (trust != null) {
      try (InputStream in = Files.newInputStream(trust)) {
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          trusted.add((X509Certificate) c);
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("--trust " + trust + ": " + e.getMessage(), e);
      }
    }
    if (timeoutMillis < 1 || timeoutMillis > 600_000) {
      throw new IllegalArgumentException("--timeout must be between 1 and 600000 ms");
    }
    return new ScanSettings(
        callingAe,
        calledAes,
        Duration.ofMillis(timeoutMillis),
        concurrency,
        rate,
        maxMatches,
        tryRetrieve,
        tryStore,
        tryDefaultCredentials,
        trusted);
  }

  /** {@code ward scan diff OLD.json NEW.json}. */
  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = {
        "Compare two reports of ward scan --json: what got better or worse.",
        "Exit status: 0 nothing got worse, 1 something got worse, 2 invalid input."
      })
  static final class Diff implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD.json")
    Path before;

    @Parameters(index = "1", paramLabel = "NEW.json")
    Path after;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        ScanDiff d = ScanDiff.of(read(before), read(after));
        d.print(out);
        return d.gotWorse() ? FINDINGS : CLEAN;
      } catch (IllegalArgumentException | IOException e) {
        err.println("ward scan diff: " + e.getMessage());
        err.flush();
        return INVALID;
      }
    }

    private static String read(Path p) throws IOException {
      if (!Files.isRegularFile(p) || Files.size(p) > (64L << 20)) {
        throw new IllegalArgumentException(p + " is not a report file (at most 64 MB)");
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    }
  }
}
