package ward.archive.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ward.archive.auth.Action;
import ward.archive.auth.Authorizer;
import ward.archive.auth.Principal;
import ward.archive.index.Index;
import ward.archive.index.IndexQuery;
import ward.archive.index.Level;
import ward.archive.index.QueryModel;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.dicom.json.DicomJson;
import ward.dicom.json.JsonOptions;

/**
 * QIDO-RS (PS3.18 10.6): searches for studies, series and instances in the Study Root model,
 * narrowed to the caller's patients when the caller is a patient. Answers are {@code
 * application/dicom+json} arrays (200), or 204 when nothing matches. Each match carries its
 * Retrieve URL and Instance Availability (ONLINE: Ward keeps nothing offline).
 */
final class Qido {
  private static final String DICOM_JSON = "application/dicom+json";

  private final Index index;
  private final Authorizer authorizer;
  private final WebSettings settings;
  private final WebAudit audit;

  Qido(Index index, Authorizer authorizer, WebSettings settings, WebAudit audit) {
    this.index = index;
    this.authorizer = authorizer;
    this.settings = settings;
    this.audit = audit;
  }

  /** GET /studies. */
  void studies(Context ctx, Principal caller) throws Exception {
    search(ctx, caller, Level.STUDY, false, Map.of());
  }

  /** GET /series and /studies/{study}/series. */
  void series(Context ctx, Principal caller) throws Exception {
    Map<Integer, String> fixed = new LinkedHashMap<>();
    if (ctx.pathParamMap().containsKey("study")) {
      fixed.put(Tags.StudyInstanceUID, RequestValues.uid(ctx, "study"));
    }
    search(ctx, caller, Level.SERIES, fixed.isEmpty(), fixed);
  }

  /** GET /instances, /studies/{study}/instances and /studies/{study}/series/{series}/instances. */
  void instances(Context ctx, Principal caller) throws Exception {
    Map<Integer, String> fixed = new LinkedHashMap<>();
    if (ctx.pathParamMap().containsKey("study")) {
      fixed.put(Tags.StudyInstanceUID, RequestValues.uid(ctx, "study"));
    }
    if (ctx.pathParamMap().containsKey("series")) {
      fixed.put(Tags.SeriesInstanceUID, RequestValues.uid(ctx, "series"));
    }
    search(ctx, caller, Level.IMAGE, fixed.isEmpty(), fixed);
  }

  private void search(
      Context ctx,
      Principal caller,
      Level level,
      boolean withParentDefaults,
      Map<Integer, String> fixed)
      throws Exception {
    Accept accept = Accept.parse(ctx.header("Accept"));
    if (!accept.accepts(DICOM_JSON) && !accept.accepts("application/json")) {
      throw WebException.notAcceptable("QIDO-RS answers in application/dicom+json");
    }
    QidoQuery q = QidoQuery.parse(ctx.queryParamMap(), level, withParentDefaults, fixed);
    Urls urls = Urls.of(ctx, settings);
    // One more than asked for tells whether there are more matches than the page holds.
    IndexQuery query =
        new IndexQuery(
            QueryModel.STUDY_ROOT,
            level,
            q.keys(),
            q.all(),
            authorizer.studyScope(caller, Action.QUERY),
            q.offset(),
            q.limit() + 1);
    List<DataSet> found;
    try {
      found = index.find(query);
    } catch (IllegalArgumentException e) {
      throw WebException.badRequest(e.getMessage());
    }
    audit.queried(ctx, caller, found);
    List<String> warnings = new ArrayList<>();
    if (q.warnFuzzy()) {
      warnings.add(
          "299 ward: \"The fuzzymatching parameter is not supported."
              + " Only literal matching has been performed.\"");
    }
    if (found.size() > q.limit()) {
      found = found.subList(0, q.limit());
      warnings.add(
          "299 ward: \"The number of results exceeded the maximum supported by the server."
              + " Additional results can be requested.\"");
    }
    for (String w : warnings) {
      ctx.res().addHeader("Warning", w);
    }
    if (found.isEmpty()) {
      ctx.status(204);
      return;
    }
    List<DataSet> answers = new ArrayList<>(found.size());
    for (DataSet match : found) {
      answers.add(withRetrieveUrl(match, level, urls));
    }
    StringBuilder json = new StringBuilder(answers.size() * 1024);
    DicomJson.writeArray(answers, json, JsonOptions.DEFAULT);
    ctx.status(200);
    ctx.contentType(DICOM_JSON);
    ctx.result(json.toString());
  }

  private static DataSet withRetrieveUrl(DataSet match, Level level, Urls urls) {
    String study = match.getString(Tags.StudyInstanceUID);
    String series = match.getString(Tags.SeriesInstanceUID);
    String instance = match.getString(Tags.SOPInstanceUID);
    String url =
        switch (level) {
          case STUDY, PATIENT -> study == null ? null : urls.study(study);
          case SERIES -> study == null || series == null ? null : urls.series(study, series);
          case IMAGE ->
              study == null || series == null || instance == null
                  ? null
                  : urls.instance(study, series, instance);
        };
    DataSet.Builder b = match.toBuilder().setString(Tags.InstanceAvailability, VR.CS, "ONLINE");
    if (url != null) {
      b.setString(Tags.RetrieveURL, VR.UR, url);
    }
    return b.build();
  }
}
