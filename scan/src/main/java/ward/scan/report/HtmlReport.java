package ward.scan.report;

import static ward.scan.report.Text.html;

import java.util.Map;
import ward.scan.finding.Aggregate;
import ward.scan.finding.EndpointReport;
import ward.scan.finding.Finding;
import ward.scan.finding.ScanReport;
import ward.scan.finding.Severity;

/**
 * The scan as one self-contained HTML page for people: inline CSS, an inline SVG bar chart of
 * findings by severity, no script and nothing loaded from elsewhere. Every string that came from a
 * target is escaped.
 */
public final class HtmlReport {
  private HtmlReport() {}

  static final Map<Severity, String> COLOURS =
      Map.of(
          Severity.CRITICAL, "#8b0000",
          Severity.HIGH, "#d9480f",
          Severity.MEDIUM, "#e0a800",
          Severity.LOW, "#2b8a3e",
          Severity.INFO, "#5c7cfa");

  public static String write(ScanReport report) {
    Aggregate a = report.aggregate();
    StringBuilder b = new StringBuilder(16384);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    b.append(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src"
            + " 'unsafe-inline'\">\n");
    b.append("<title>Ward exposure scan</title>\n<style>\n");
    b.append(
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
            + "padding:.3em .6em;text-align:left;vertical-align:top}"
            + ".sev{color:#fff;padding:.1em .5em;border-radius:.3em;font-size:.85em}"
            + ".ev{color:#555;font-size:.9em}.fix{color:#1c5d2b;font-size:.9em}"
            + "h2{margin-top:1.5em}\n");
    for (Severity s : Severity.values()) {
      b.append(".").append(s.label()).append("{background:").append(COLOURS.get(s)).append("}");
    }
    b.append("\n</style></head><body>\n");
    b.append("<h1>Ward exposure scan</h1>\n<p>From ")
        .append(html(readable(report.started())))
        .append(" to ")
        .append(html(readable(report.finished())))
        .append(
            ". No patient data is kept in this report: only counts, attribute names and a"
                + " yes/no flag for values shaped like Social Security numbers.</p>\n");
    b.append("<h2>In the terms of the public studies</h2>\n<table>");
    row(b, "Endpoints probed", a.endpoints());
    row(b, "Systems checked (answered DICOM or HTTP)", a.systemsChecked());
    row(b, "Systems open (data or images without authentication)", a.systemsOpen());
    row(b, "Studies exposed", a.studiesExposed());
    row(b, "Images exposed", a.imagesExposed());
    row(b, "Patients exposed", a.patientsExposed());
    b.append("</table>\n<h2>Findings by severity</h2>\n");
    chart(b, a);
    b.append("<h2>Endpoints</h2>\n");
    for (EndpointReport e : report.endpoints()) {
      if (!e.reachable()) {
        continue;
      }
      b.append("<h3>")
          .append(html(e.address()))
          .append(" <small>")
          .append(html(e.host()))
          .append(" — ")
          .append(html(e.service()))
          .append("</small></h3>\n<table><tr><th>Severity</th><th>Finding</th></tr>\n");
      for (Finding f : e.findings()) {
        b.append("<tr><td><span class=\"sev ")
            .append(f.severity().label())
            .append("\">")
            .append(f.severity().label())
            .append("</span></td><td>")
            .append(html(f.title()));
        if (!f.evidence().isEmpty()) {
          b.append("<div class=\"ev\">").append(html(f.evidence())).append("</div>");
        }
        if (!f.remediation().isEmpty()) {
          b.append("<div class=\"fix\">").append(html(f.remediation())).append("</div>");
        }
        b.append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    long closed = report.endpoints().stream().filter(e -> !e.reachable()).count();
    b.append("<p>").append(closed).append(" endpoints did not accept a connection.</p>\n");
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String what, long n) {
    b.append("<tr><th>").append(html(what)).append("</th><td>").append(n).append("</td></tr>");
  }

  /** A horizontal bar per severity, scaled to the largest count. */
  static void chart(StringBuilder b, Aggregate a) {
    int max = 1;
    for (Severity s : Severity.values()) {
      max = Math.max(max, a.bySeverity().getOrDefault(s, 0));
    }
    int rowHeight = 28;
    int width = 520;
    int barMax = 360;
    int height = rowHeight * Severity.values().length + 10;
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"findings by")
        .append(" severity\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\">\n");
    int y = 5;
    for (Severity s : Severity.values()) {
      int n = a.bySeverity().getOrDefault(s, 0);
      int w = n == 0 ? 0 : Math.max(2, n * barMax / max);
      b.append("<text x=\"0\" y=\"")
          .append(y + 18)
          .append("\" font-size=\"14\">")
          .append(s.label())
          .append("</text><rect x=\"80\" y=\"")
          .append(y + 4)
          .append("\" width=\"")
          .append(w)
          .append("\" height=\"")
          .append(rowHeight - 8)
          .append("\" fill=\"")
          .append(COLOURS.get(s))
          .append("\"><title>")
          .append(s.label())
          .append(": ")
          .append(n)
          .append("</title></rect><text x=\"")
          .append(86 + w)
          .append("\" y=\"")
          .append(y + 18)
          .append("\" font-size=\"14\">")
          .append(n)
          .append("</text>\n");
      y += rowHeight;
    }
    b.append("</svg>\n");
  }

  /** An ISO-8601 instant as people read it (to the second, UTC); anything else as it is. */
  static String readable(String instant) {
    try {
      return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
          .withZone(java.time.ZoneOffset.UTC)
          .format(java.time.Instant.parse(instant));
    } catch (RuntimeException e) {
      return instant == null ? "" : instant;
    }
  }
}
