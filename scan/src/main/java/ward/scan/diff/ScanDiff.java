package ward.scan.diff;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ward.scan.finding.Severity;
import ward.scan.report.Json;
import ward.scan.report.JsonReport;
import ward.scan.report.Text;

/**
 * What got better or worse between two scans: findings that appeared or went away on each endpoint
 * (matched by address and finding id), endpoints that appeared or went away, and the change in the
 * studies' totals.
 *
 * @param worse changes for the worse, one line each
 * @param better changes for the better
 * @param noted new findings of low severity (hardened but reachable), neither better nor worse
 * @param totals the totals, old → new
 * @param worstNew the worst severity among the findings that appeared, or null
 */
public record ScanDiff(
    List<String> worse,
    List<String> better,
    List<String> noted,
    Map<String, String> totals,
    Severity worstNew) {

  public ScanDiff {
    worse = List.copyOf(worse);
    better = List.copyOf(better);
    noted = List.copyOf(noted);
    totals = Map.copyOf(totals);
  }

  /** A finding as the JSON report has it. */
  record Item(String id, Severity severity, String title) {}

  /**
   * Compares two JSON reports written by {@code ward scan --json}.
   *
   * @throws IllegalArgumentException when either is not one
   */
  public static ScanDiff of(String oldJson, String newJson) {
    Map<String, Object> before = report(oldJson, "the old report");
    Map<String, Object> after = report(newJson, "the new report");
    Map<String, Map<String, Item>> a = findings(before);
    Map<String, Map<String, Item>> b = findings(after);
    List<String> worse = new ArrayList<>();
    List<String> better = new ArrayList<>();
    List<String> noted = new ArrayList<>();
    Severity worstNew = null;
    Set<String> addresses = new LinkedHashSet<>(a.keySet());
    addresses.addAll(b.keySet());
    for (String address : addresses) {
      Map<String, Item> was = a.getOrDefault(address, Map.of());
      Map<String, Item> is = b.getOrDefault(address, Map.of());
      for (Item i : is.values()) {
        Item old = was.get(i.id());
        if (old == null) {
          if (i.severity().atLeast(Severity.MEDIUM)) {
            worse.add(address + ": new [" + i.severity().label() + "] " + i.title());
            worstNew = worst(worstNew, i.severity());
          } else if (i.severity() == Severity.LOW) {
            noted.add(address + ": new [low] " + i.title());
          }
        } else if (i.severity().ordinal() < old.severity().ordinal()) {
          worse.add(
              address
                  + ": "
                  + i.title()
                  + " rose from "
                  + old.severity().label()
                  + " to "
                  + i.severity().label());
          worstNew = worst(worstNew, i.severity());
        } else if (i.severity().ordinal() > old.severity().ordinal()) {
          better.add(
              address
                  + ": "
                  + i.title()
                  + " fell from "
                  + old.severity().label()
                  + " to "
                  + i.severity().label());
        }
      }
      for (Item old : was.values()) {
        if (!is.containsKey(old.id()) && old.severity() != Severity.INFO) {
          better.add(address + ": gone [" + old.severity().label() + "] " + old.title());
        }
      }
    }
    Map<String, String> totals = new LinkedHashMap<>();
    Map<?, ?> ta = aggregate(before);
    Map<?, ?> tb = aggregate(after);
    for (String k :
        List.of(
            "systemsChecked",
            "systemsOpen",
            "studiesExposed",
            "imagesExposed",
            "patientsExposed")) {
      totals.put(k, ta.get(k) + " -> " + tb.get(k));
    }
    return new ScanDiff(worse, better, noted, totals, worstNew);
  }

  private static Severity worst(Severity a, Severity b) {
    return a == null || b.atLeast(a) ? b : a;
  }

  public boolean gotWorse() {
    return !worse.isEmpty();
  }

  public void print(PrintWriter out) {
    if (worse.isEmpty() && better.isEmpty() && noted.isEmpty()) {
      out.println("no change in findings");
    }
    for (String w : worse) {
      out.println("worse:  " + Text.printable(w));
    }
    for (String b : better) {
      out.println("better: " + Text.printable(b));
    }
    for (String n : noted) {
      out.println("noted:  " + Text.printable(n));
    }
    for (Map.Entry<String, String> t : new java.util.TreeMap<>(totals).entrySet()) {
      out.println(t.getKey() + ": " + t.getValue());
    }
    out.flush();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> report(String json, String what) {
    Object v;
    try {
      v = Json.read(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not JSON: " + e.getMessage(), e);
    }
    if (!(v instanceof Map<?, ?> m) || !JsonReport.FORMAT.equals(m.get("format"))) {
      throw new IllegalArgumentException(
          what + " is not a report of ward scan --json (format " + JsonReport.FORMAT + ")");
    }
    return (Map<String, Object>) m;
  }

  private static Map<?, ?> aggregate(Map<String, Object> report) {
    Object a = report.get("aggregate");
    return a instanceof Map<?, ?> m ? m : Map.of();
  }

  private static Map<String, Map<String, Item>> findings(Map<String, Object> report) {
    Map<String, Map<String, Item>> out = new LinkedHashMap<>();
    Object eps = report.get("endpoints");
    if (!(eps instanceof List<?> list)) {
      throw new IllegalArgumentException("a report without endpoints");
    }
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> e)) {
        continue;
      }
      String address = String.valueOf(e.get("address"));
      Map<String, Item> items = new LinkedHashMap<>();
      if (e.get("findings") instanceof List<?> fs) {
        for (Object fo : fs) {
          if (fo instanceof Map<?, ?> f) {
            try {
              Severity s = Severity.parse(String.valueOf(f.get("severity")));
              String id = String.valueOf(f.get("id"));
              items.put(id, new Item(id, s, String.valueOf(f.get("title"))));
            } catch (IllegalArgumentException bad) {
              throw new IllegalArgumentException(
                  "unknown severity " + f.get("severity") + " at " + address, bad);
            }
          }
        }
      }
      out.put(address, items);
    }
    return out;
  }
}
