package ward.archive.web;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ward.archive.audit.AuditRecord;
import ward.archive.audit.AuditSearch;
import ward.archive.audit.AuditTrail;
import ward.archive.audit.AuditedStudy;
import ward.archive.audit.Verification;
import ward.archive.auth.Principal;

/**
 * The audit trail for those entitled to read it.
 *
 * <ul>
 *   <li>{@code GET /api/audit?study=UID}: every record concerning a study (auditors); without a
 *       study, a search by user, event, time and outcome, newest first.
 *   <li>{@code GET /api/audit/patient/ID}: every record concerning any study of a patient, the
 *       accounting of disclosures (auditors).
 *   <li>{@code GET /api/audit/verify}: walks the hash chain and the signed checkpoints.
 *   <li>{@code GET /api/audit/mine}: for a patient, every access to their own studies: when, what,
 *       by whom, from where; records are cut down to the patient's own studies and carry no XML, so
 *       nothing about other patients shows.
 * </ul>
 *
 * <p>Answers are {@code {"records": [...]}} oldest first, at most {@code limit} (default 1000).
 */
final class AuditRoutes {
  private static final int DEFAULT_LIMIT = 1000;
  private static final int MAX_LIMIT = 100_000;
  private static final int MAX_PATIENT_ID = 64;

  private final AuditTrail audit;

  AuditRoutes(AuditTrail audit) {
    this.audit = audit;
  }

  /**
   * GET /api/audit?study=UID, every record of a study oldest first; or, without {@code study}, a
   * search by {@code user}, {@code event}, {@code from} and {@code to} (ISO 8601 instants) and
   * {@code failures=true}, newest first.
   */
  void study(Context ctx, Principal caller) throws WebException {
    String study = RequestValues.single(ctx, "study");
    if (study != null) {
      answer(ctx, audit.forStudy(RequestValues.uid(study, "study"), limit(ctx)), true, null);
      return;
    }
    AuditSearch q =
        new AuditSearch(
            text(ctx, "user"),
            text(ctx, "event"),
            instant(ctx, "from"),
            instant(ctx, "to"),
            "true".equals(RequestValues.single(ctx, "failures")),
            limit(ctx));
    answer(ctx, audit.search(q), true, null);
  }

  private static String text(Context ctx, String name) throws WebException {
    String v = RequestValues.single(ctx, name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (v.length() > 256) {
      throw WebException.badRequest("'" + name + "' is too long");
    }
    return v;
  }

  private static Instant instant(Context ctx, String name) throws WebException {
    String v = text(ctx, name);
    if (v == null) {
      return null;
    }
    try {
      return v.length() == 10
          ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw WebException.badRequest(
          "'" + name + "' is a date (2026-12-06) or an instant (2026-12-06T08:00:00Z)");
    }
  }

  /** GET /api/audit/patient/ID. */
  void patient(Context ctx, Principal caller) throws WebException {
    answer(ctx, audit.forPatient(patientId(ctx.pathParam("id")), limit(ctx)), true, null);
  }

  /** GET /api/audit/mine: a patient's own accounting of disclosures. */
  void mine(Context ctx, Principal caller) throws WebException {
    Map<Long, AuditRecord> merged = new TreeMap<>();
    int limit = limit(ctx);
    for (String pid : caller.patientIds()) {
      for (AuditRecord r : audit.forPatient(pid, limit)) {
        merged.put(r.seq(), r);
      }
    }
    List<AuditRecord> records = new ArrayList<>(merged.values());
    records.sort(Comparator.comparingLong(AuditRecord::seq));
    if (records.size() > limit) {
      records = records.subList(0, limit);
    }
    answer(ctx, records, false, caller);
  }

  /** GET /api/audit/verify. */
  void verify(Context ctx, Principal caller) {
    Verification v = audit.verify();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("intact", v.intact());
    m.put("records", v.records());
    m.put("checkpoints", v.checkpoints());
    m.put("firstBad", v.firstBad() == 0 ? null : v.firstBad());
    List<String> problems = new ArrayList<>();
    for (String p : v.problems()) {
      problems.add(Json.object(Map.of("problem", p)));
    }
    m.put("problems", Json.array(problems));
    Sessions.json(ctx, 200, Json.object(m));
  }

  /**
   * @param full whether to include every study and the XML message
   * @param patient for a patient's own view: only studies of their patient IDs are shown
   */
  private static void answer(
      Context ctx, List<AuditRecord> records, boolean full, Principal patient) {
    List<String> out = new ArrayList<>(records.size());
    for (AuditRecord r : records) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seq", r.seq());
      m.put("time", r.time().toString());
      m.put("event", r.event());
      m.put("outcome", r.outcome().name());
      m.put("user", r.userId());
      m.put("address", r.address());
      List<String> studies = new ArrayList<>();
      for (AuditedStudy s : r.studies()) {
        if (patient == null || patient.patientIds().contains(s.patientId())) {
          Map<String, Object> sm = new LinkedHashMap<>();
          sm.put("study", s.studyInstanceUid());
          sm.put("patient", s.patientId());
          studies.add(Json.object(sm));
        }
      }
      m.put("studies", Json.array(studies));
      if (full) {
        m.put("message", r.message());
      }
      out.add(Json.object(m));
    }
    Sessions.json(ctx, 200, Json.object(Map.of("records", Json.array(out))));
  }

  private static int limit(Context ctx) throws WebException {
    String limit = RequestValues.single(ctx, "limit");
    return limit == null ? DEFAULT_LIMIT : RequestValues.integer(limit, "limit", 1, MAX_LIMIT);
  }

  private static String patientId(String id) throws WebException {
    if (id == null || id.isEmpty() || id.length() > MAX_PATIENT_ID) {
      throw WebException.badRequest("a patient ID is 1 to 64 characters");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c == '\\' || c == 0x7F) {
        throw WebException.badRequest("a patient ID holds no control characters or backslashes");
      }
    }
    return id;
  }
}
