package ward.archive.web;

import io.javalin.http.Context;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import ward.archive.auth.Action;
import ward.archive.auth.Principal;
import ward.archive.index.StoredInstance;
import ward.archive.render.ImageFormat;
import ward.archive.render.RenderOptions;
import ward.archive.render.Viewport;
import ward.archive.render.VoiFunction;
import ward.archive.render.Window;
import ward.archive.storage.BlobStore;

/**
 * WADO-URI (PS3.18 9): {@code GET /dicomweb/wado?requestType=WADO&studyUID=&seriesUID=&objectUID=}
 * with {@code contentType} {@code application/dicom} (the stored Part 10 object, as stored) or
 * {@code image/jpeg} (the default) or {@code image/png} (a rendered frame, with {@code
 * frameNumber}, {@code windowCenter} and {@code windowWidth}, {@code rows} and {@code columns}, and
 * {@code imageQuality}). A {@code transferSyntax} other than the stored one is 406 (Ward does not
 * transcode); {@code anonymize}, {@code region}, {@code annotation} and presentation states are not
 * supported and are refused rather than ignored.
 */
final class WadoUri {
  private static final String DICOM = "application/dicom";
  private static final Set<String> REFUSED =
      Set.of("anonymize", "region", "annotation", "presentationUID", "presentationSeriesUID");

  private final StudyAccess access;
  private final BlobStore blobs;
  private final WadoImages images;
  private final WebAudit audit;

  WadoUri(StudyAccess access, BlobStore blobs, WadoImages images, WebAudit audit) {
    this.access = access;
    this.blobs = blobs;
    this.images = images;
    this.audit = audit;
  }

  void get(Context ctx, Principal caller) throws Exception {
    if (!"WADO".equals(RequestValues.single(ctx, "requestType"))) {
      throw WebException.badRequest("requestType must be WADO");
    }
    for (String p : REFUSED) {
      if (!ctx.queryParams(p).isEmpty()) {
        throw WebException.badRequest("the parameter " + p + " is not supported");
      }
    }
    String study = RequestValues.uid(RequestValues.single(ctx, "studyUID"), "studyUID");
    String series = RequestValues.uid(RequestValues.single(ctx, "seriesUID"), "seriesUID");
    String object = RequestValues.uid(RequestValues.single(ctx, "objectUID"), "objectUID");
    String contentType = RequestValues.single(ctx, "contentType");
    String type = contentType == null ? ImageFormat.JPEG.mediaType() : firstSupported(contentType);
    StoredInstance instance = access.instance(caller, Action.RETRIEVE, study, series, object);
    if (type.equals(DICOM)) {
      String ts = RequestValues.single(ctx, "transferSyntax");
      if (ts != null && !ts.equals(instance.transferSyntaxUid())) {
        RequestValues.uid(ts, "transferSyntax");
        throw WebException.notAcceptable(
            "the object is stored in "
                + instance.transferSyntaxUid()
                + "; Ward does not transcode");
      }
      ctx.status(200);
      ctx.contentType(DICOM);
      try (InputStream in = blobs.open(instance.blob())) {
        in.transferTo(ctx.outputStream());
      }
      audit.sent(ctx, caller, List.of(instance));
      return;
    }
    ImageFormat format = ImageFormat.forMediaType(type);
    String frame = RequestValues.single(ctx, "frameNumber");
    int n = frame == null ? 1 : RequestValues.integer(frame, "frameNumber", 1, Integer.MAX_VALUE);
    String quality = RequestValues.single(ctx, "imageQuality");
    int q =
        quality == null
            ? ImageFormat.DEFAULT_QUALITY
            : RequestValues.integer(quality, "imageQuality", 1, 100);
    WadoImages.writeImage(ctx, images.open(instance), n, format, options(ctx), q);
    audit.read(ctx, caller, List.of(instance));
  }

  /** The first type of a contentType list that Ward serves (PS3.18 9.4.1.2.2). */
  private static String firstSupported(String contentType) throws WebException {
    for (String t : contentType.split(",", -1)) {
      String type = t.strip().toLowerCase(java.util.Locale.ROOT);
      if (type.equals(DICOM) || ImageFormat.forMediaType(type) != null) {
        return type;
      }
    }
    throw WebException.notAcceptable(
        "contentType must be application/dicom, image/jpeg or image/png");
  }

  private static RenderOptions options(Context ctx) throws WebException {
    RenderOptions options = RenderOptions.DEFAULT;
    String center = RequestValues.single(ctx, "windowCenter");
    String width = RequestValues.single(ctx, "windowWidth");
    String rows = RequestValues.single(ctx, "rows");
    String columns = RequestValues.single(ctx, "columns");
    if ((center == null) != (width == null)) {
      throw WebException.badRequest("windowCenter and windowWidth go together");
    }
    try {
      if (center != null) {
        options =
            options.withWindow(
                new Window(
                    number(center, "windowCenter"),
                    number(width, "windowWidth"),
                    VoiFunction.LINEAR));
      }
    } catch (IllegalArgumentException e) {
      throw WebException.badRequest(e.getMessage());
    }
    if (rows != null || columns != null) {
      // PS3.18 9.4.1.2.4: one of the two alone bounds that side; the other follows the aspect.
      int h = rows == null ? Viewport.MAX : RequestValues.integer(rows, "rows", 1, Viewport.MAX);
      int w =
          columns == null
              ? Viewport.MAX
              : RequestValues.integer(columns, "columns", 1, Viewport.MAX);
      options = options.withViewport(new Viewport(w, h));
    }
    return options;
  }

  private static double number(String value, String what) throws WebException {
    if (value.length() > 32) {
      throw WebException.badRequest(what + " must be a number");
    }
    try {
      double d = Double.parseDouble(value);
      if (!Double.isFinite(d)) {
        throw WebException.badRequest(what + " must be a finite number");
      }
      return d;
    } catch (NumberFormatException e) {
      throw WebException.badRequest(what + " must be a number");
    }
  }
}
