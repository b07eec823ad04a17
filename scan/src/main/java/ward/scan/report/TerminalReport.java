package ward.scan.report;

import java.io.PrintWriter;
import ward.scan.finding.Aggregate;
import ward.scan.finding.EndpointReport;
import ward.scan.finding.Finding;
import ward.scan.finding.ScanReport;
import ward.scan.finding.Severity;

/** The summary printed at the end of a scan, one block per endpoint that answered. */
public final class TerminalReport {
  private TerminalReport() {}

  public static void print(ScanReport report, PrintWriter out, boolean verbose) {
    for (EndpointReport e : report.endpoints()) {
      if (!e.reachable() && !verbose) {
        continue;
      }
      out.println(
          e.address()
              + (e.host().equals(e.address().substring(0, e.address().lastIndexOf(':')))
                  ? ""
                  : " (" + Text.printable(e.host()) + ")")
              + "  "
              + e.service()
              + (e.worst() == null ? "" : "  worst: " + e.worst().label()));
      for (Finding f : e.findings()) {
        if (f.severity() == Severity.INFO && !verbose) {
          continue;
        }
        out.println("  [" + f.severity().label() + "] " + Text.printable(f.title()));
        if (!f.evidence().isEmpty()) {
          out.println("      " + Text.printable(f.evidence()));
        }
        if (verbose && !f.remediation().isEmpty()) {
          out.println("      fix: " + Text.printable(f.remediation()));
        }
      }
    }
    Aggregate a = report.aggregate();
    out.println();
    out.println(
        "endpoints probed: "
            + a.endpoints()
            + ", systems checked: "
            + a.systemsChecked()
            + ", systems open: "
            + a.systemsOpen()
            + ", studies exposed: "
            + a.studiesExposed()
            + ", images exposed: "
            + a.imagesExposed()
            + ", patients exposed: "
            + a.patientsExposed());
    StringBuilder b = new StringBuilder("findings:");
    for (Severity s : Severity.values()) {
      b.append(' ').append(s.label()).append(' ').append(a.bySeverity().getOrDefault(s, 0));
    }
    out.println(b);
    out.flush();
  }
}
