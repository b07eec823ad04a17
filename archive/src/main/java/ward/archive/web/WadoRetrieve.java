package ward.archive.web;

import io.javalin.http.Context;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import ward.archive.auth.Action;
import ward.archive.auth.Principal;
import ward.archive.index.StoredInstance;
import ward.archive.storage.BlobStore;
import ward.archive.web.multipart.MultipartWriter;
import ward.dicom.DataSet;
import ward.dicom.Element;
import ward.dicom.Tags;
import ward.dicom.Value;
import ward.dicom.json.DicomJson;

/**
 * WADO-RS retrieval of instances, metadata and bulk data (PS3.18 10.4).
 *
 * <ul>
 *   <li>Instances: {@code multipart/related; type="application/dicom"}, each part a stored Part 10
 *       object exactly as stored (a zeroed preamble, Ward's file meta information, the data set as
 *       received) in the transfer syntax it arrived in: Ward does not transcode, so an Accept that
 *       names another transfer syntax is 406.
 *   <li>Metadata: {@code application/dicom+json}, bulk data as BulkDataURIs ({@link
 *       InstanceMetadata}).
 *   <li>Bulk data: {@code multipart/related; type="application/octet-stream"} with one part, the
 *       value's bytes in little endian order; the top-level pixel data is answered as its frames
 *       (see {@link WadoImages}).
 * </ul>
 */
final class WadoRetrieve {
  private static final String DICOM = "application/dicom";
  private static final String DICOM_JSON = "application/dicom+json";
  private static final String OCTETS = "application/octet-stream";
  private static final String EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";

  private final StudyAccess access;
  private final BlobStore blobs;
  private final WebSettings settings;
  private final WadoImages images;
  private final WebAudit audit;

  WadoRetrieve(
      StudyAccess access,
      BlobStore blobs,
      WebSettings settings,
      WadoImages images,
      WebAudit audit) {
    this.access = access;
    this.blobs = blobs;
    this.settings = settings;
    this.images = images;
    this.audit = audit;
  }

  /** GET /studies/{study}, /studies/{study}/series/{series}, .../instances/{instance}. */
  void instances(Context ctx, Principal caller) throws Exception {
    Accept accept = Accept.parse(ctx.header("Accept"));
    List<StoredInstance> found = select(ctx, caller);
    for (StoredInstance i : found) {
      if (!accept.acceptsMultipart(DICOM, i.transferSyntaxUid())) {
        throw WebException.notAcceptable(
            "instances are served as multipart/related; type=\"application/dicom\" in the"
                + " transfer syntax they were stored in ("
                + i.transferSyntaxUid()
                + "); Ward does not transcode");
      }
    }
    Urls urls = Urls.of(ctx, settings);
    OutputStream out = ctx.outputStream();
    MultipartWriter writer = new MultipartWriter(out, DICOM);
    ctx.status(200);
    ctx.contentType(writer.contentType());
    for (StoredInstance i : found) {
      try (InputStream object = blobs.open(i.blob())) {
        writer.part(
            DICOM + "; transfer-syntax=" + i.transferSyntaxUid(),
            urls.instance(i.studyInstanceUid(), i.seriesInstanceUid(), i.sopInstanceUid()),
            object);
      }
    }
    writer.finish();
    audit.sent(ctx, caller, found);
  }

  /** GET .../metadata at the study, series or instance level. */
  void metadata(Context ctx, Principal caller) throws Exception {
    Accept accept = Accept.parse(ctx.header("Accept"));
    if (!accept.accepts(DICOM_JSON) && !accept.accepts("application/json")) {
      throw WebException.notAcceptable("metadata is served as application/dicom+json");
    }
    List<StoredInstance> found = select(ctx, caller);
    Urls urls = Urls.of(ctx, settings);
    StringBuilder json = new StringBuilder(found.size() * 4096);
    json.append('[');
    for (StoredInstance i : found) {
      DataSet ds;
      try (InputStream object = blobs.open(i.blob())) {
        ds = InstanceMetadata.read(object);
      }
      if (json.length() > 1) {
        json.append(',');
      }
      DicomJson.write(
          ds,
          json,
          InstanceMetadata.jsonOptions(
              urls.instance(i.studyInstanceUid(), i.seriesInstanceUid(), i.sopInstanceUid())));
    }
    json.append(']');
    ctx.status(200);
    ctx.contentType(DICOM_JSON);
    ctx.result(json.toString());
    audit.read(ctx, caller, found);
  }

  /** GET .../instances/{instance}/bulkdata/{path}: a value metadata left out. */
  void bulkData(Context ctx, Principal caller) throws Exception {
    String path = ctx.pathParam("path");
    if (!InstanceMetadata.isPath(path)) {
      throw WebException.badRequest("not a bulk data path");
    }
    StoredInstance instance = select(ctx, caller).get(0);
    DataSet ds;
    try (InputStream object = blobs.open(instance.blob())) {
      ds = InstanceMetadata.read(object);
    }
    Element e = InstanceMetadata.find(ds, path);
    if (e == null || e.value() instanceof Value.Sequence) {
      throw WebException.notFound("no bulk data at " + path);
    }
    if (e.tag() == Tags.PixelData && path.indexOf('/') < 0) {
      images.allFrames(ctx, instance);
      audit.read(ctx, caller, List.of(instance));
      return;
    }
    Accept accept = Accept.parse(ctx.header("Accept"));
    if (!accept.acceptsMultipart(OCTETS, EXPLICIT_LITTLE)) {
      throw WebException.notAcceptable(
          "bulk data is served as multipart/related; type=\"application/octet-stream\"");
    }
    List<Value.Binary> pieces = new ArrayList<>();
    if (e.value() instanceof Value.Fragments fragments) {
      pieces.addAll(fragments.fragments().subList(1, fragments.fragments().size()));
    } else {
      pieces.add((Value.Binary) e.value());
    }
    MultipartWriter writer = new MultipartWriter(ctx.outputStream(), OCTETS);
    ctx.status(200);
    ctx.contentType(writer.contentType());
    try (BulkDataStream value = new BulkDataStream(blobs, instance, pieces)) {
      writer.part(OCTETS + "; transfer-syntax=" + EXPLICIT_LITTLE, null, value);
    }
    writer.finish();
    audit.read(ctx, caller, List.of(instance));
  }

  private List<StoredInstance> select(Context ctx, Principal caller)
      throws WebException, ward.archive.index.IndexException {
    String study = RequestValues.uid(ctx, "study");
    String series =
        ctx.pathParamMap().containsKey("series") ? RequestValues.uid(ctx, "series") : null;
    String instance =
        ctx.pathParamMap().containsKey("instance") ? RequestValues.uid(ctx, "instance") : null;
    return access.instances(caller, Action.RETRIEVE, study, series, instance);
  }
}
