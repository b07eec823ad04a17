package ward.archive.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import ward.archive.auth.Principal;
import ward.archive.index.StoredInstance;
import ward.archive.ingest.Ingest;
import ward.archive.ingest.IngestException;
import ward.archive.ingest.Stored;
import ward.archive.web.multipart.MediaType;
import ward.archive.web.multipart.MultipartException;
import ward.archive.web.multipart.MultipartLimits;
import ward.archive.web.multipart.MultipartReader;
import ward.archive.web.multipart.Part;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.dicom.json.DicomJson;

/**
 * STOW-RS (PS3.18 10.5): {@code POST /studies} and {@code POST /studies/{study}} with a {@code
 * multipart/related; type="application/dicom"} body. Each part streams into the one {@link Ingest}
 * pipeline as it arrives; nothing is held beyond one part's header.
 *
 * <p>The answer is a Store Instances Response (PS3.18 10.5.3): 200 when every part was stored, 202
 * when some failed, 409 when all failed, each failure with a Failure Reason (PS3.18 Table 10.5.3-2,
 * the C-STORE statuses of PS3.4 B.2.3): 0xC000 for a part that is not a Part 10 object Ward can
 * parse, 0xA900 for a data set that does not match its meta information or its required attributes,
 * or whose Study Instance UID is not the one the request names, 0x0111 for a duplicate the policy
 * refuses, 0xA700 when a part's header is beyond Ward's limits or storing failed (a full disk), and
 * 0xC000 for a part whose own Content-Type is not application/dicom. A body that is not {@code
 * multipart/related}, or whose type parameter is not application/dicom, is 415, a body over the
 * size limit 413, and a malformed body 400, unless instances were stored before the fault was
 * reached: those are reported (202) with the part that broke, so an acknowledged instance is never
 * hidden.
 */
final class Stow {
  static final int DUPLICATE = 0x0111;
  static final int OUT_OF_RESOURCES = 0xA700;
  static final int DOES_NOT_MATCH = 0xA900;
  static final int CANNOT_UNDERSTAND = 0xC000;

  /** PS3.7 C.4.2: refused, not authorized: an object carrying an executable is not stored. */
  static final int NOT_AUTHORIZED = 0x0124;

  /** PS3.18 Table 10.5.3-1: a warning, attributes were changed (national identifiers removed). */
  static final int COERCION_OF_DATA_ELEMENTS = 0xB000;

  private static final String DICOM = "application/dicom";
  private static final String DICOM_JSON = "application/dicom+json";

  private final Ingest ingest;
  private final WebSettings settings;
  private final WebAudit audit;

  Stow(Ingest ingest, WebSettings settings, WebAudit audit) {
    this.ingest = ingest;
    this.settings = settings;
    this.audit = audit;
  }

  void store(Context ctx, Principal caller) throws Exception {
    String target =
        ctx.pathParamMap().containsKey("study") ? RequestValues.uid(ctx, "study") : null;
    Accept accept = Accept.parse(ctx.header("Accept"));
    if (!accept.accepts(DICOM_JSON) && !accept.accepts("application/json")) {
      throw WebException.notAcceptable("STOW-RS answers in application/dicom+json");
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > settings.maxStowBytes()) {
      throw new WebException(413, "the body is larger than " + settings.maxStowBytes() + " bytes");
    }
    BoundedBody body = new BoundedBody(ctx.req().getInputStream(), settings.maxStowBytes());
    MultipartReader reader;
    try {
      reader =
          MultipartReader.open(
              body,
              ctx.header("Content-Type"),
              new MultipartLimits(16 << 10, 100_000, settings.maxStowBytes()));
    } catch (MultipartException e) {
      throw new WebException(e.reason().httpStatus(), e.getMessage());
    }
    checkType(reader.type());

    List<StoredInstance> stored = new ArrayList<>();
    Set<String> coerced = new HashSet<>();
    List<StowPart.Failure> failed = new ArrayList<>();
    IOException broken = null;
    while (broken == null) {
      Part next;
      try {
        next = reader.next();
      } catch (IOException e) {
        broken = e;
        break;
      }
      if (next == null) {
        break;
      }
      StowPart part = new StowPart(next);
      try {
        Stored s = ingest.storePart10(part.open(target), caller.name());
        stored.add(s.instance());
        if (s.coerced()) {
          coerced.add(s.instance().sopInstanceUid());
        }
      } catch (StowPart.Refused r) {
        failed.add(part.failure(r.reason));
      } catch (IngestException e) {
        IOException fault = StowPart.requestFault(e);
        if (fault != null) {
          broken = fault;
        } else {
          failed.add(part.failure(reasonOf(e.reason())));
        }
      } catch (IOException e) {
        broken = e;
      }
    }
    if (!stored.isEmpty() || !failed.isEmpty() || broken != null) {
      audit.received(ctx, caller, stored, failed.isEmpty() && broken == null);
    }
    if (broken != null) {
      int status = statusOf(broken);
      if (stored.isEmpty()) {
        throw new WebException(status, reasonOf(broken));
      }
      failed.add(
          new StowPart.Failure("", "", status == 413 ? OUT_OF_RESOURCES : CANNOT_UNDERSTAND));
    }
    if (stored.isEmpty() && failed.isEmpty()) {
      throw WebException.badRequest("the body holds no parts");
    }
    int status = failed.isEmpty() && coerced.isEmpty() ? 200 : stored.isEmpty() ? 409 : 202;
    ctx.status(status);
    ctx.contentType(DICOM_JSON);
    ctx.result(DicomJson.toJson(response(Urls.of(ctx, settings), stored, coerced, failed)));
  }

  private static void checkType(String type) throws WebException {
    if (type == null) {
      return; // PS3.18 asks for it; a body of application/dicom parts is taken without it
    }
    MediaType t;
    try {
      t = MediaType.parse(type);
    } catch (IllegalArgumentException e) {
      throw WebException.badRequest("the type parameter cannot be parsed: " + e.getMessage());
    }
    if (!t.is(DICOM)) {
      throw new WebException(
          415, "Ward stores application/dicom instances only, not " + t.type() + "/" + t.subtype());
    }
  }

  private static int reasonOf(IngestException.Reason reason) {
    return switch (reason) {
      case MALFORMED -> CANNOT_UNDERSTAND;
      case INVALID, MISMATCH -> DOES_NOT_MATCH;
      case DUPLICATE -> DUPLICATE;
      case QUARANTINED -> NOT_AUTHORIZED;
      // as C-STORE answers it: Refused, Out of Resources (a full disk, a failing index)
      case STORAGE_FAILURE -> OUT_OF_RESOURCES;
    };
  }

  private static int statusOf(IOException e) {
    IOException fault = StowPart.requestFault(e);
    if (fault instanceof BoundedBody.TooLarge) {
      return 413;
    }
    if (fault instanceof MultipartException m) {
      return m.reason().httpStatus();
    }
    return 400;
  }

  private static String reasonOf(IOException e) {
    IOException fault = StowPart.requestFault(e);
    return fault != null ? fault.getMessage() : "the body cannot be read";
  }

  /** The Store Instances Response (PS3.18 10.5.3.1). */
  private static DataSet response(
      Urls urls, List<StoredInstance> stored, Set<String> coerced, List<StowPart.Failure> failed) {
    DataSet.Builder b = DataSet.builder();
    Set<String> studies = new LinkedHashSet<>();
    for (StoredInstance s : stored) {
      studies.add(s.studyInstanceUid());
    }
    if (studies.size() == 1) {
      b.setString(Tags.RetrieveURL, VR.UR, urls.study(studies.iterator().next()));
    }
    if (!failed.isEmpty()) {
      List<DataSet> items = new ArrayList<>();
      for (StowPart.Failure f : failed) {
        items.add(
            DataSet.builder()
                .setString(Tags.ReferencedSOPClassUID, VR.UI, f.sopClassUid())
                .setString(Tags.ReferencedSOPInstanceUID, VR.UI, f.sopInstanceUid())
                .setInts(Tags.FailureReason, VR.US, f.reason())
                .build());
      }
      b.setSequence(Tags.FailedSOPSequence, items);
    }
    if (!stored.isEmpty()) {
      List<DataSet> items = new ArrayList<>();
      for (StoredInstance s : stored) {
        DataSet.Builder item =
            DataSet.builder()
                .setString(Tags.ReferencedSOPClassUID, VR.UI, s.sopClassUid())
                .setString(Tags.ReferencedSOPInstanceUID, VR.UI, s.sopInstanceUid())
                .setString(
                    Tags.RetrieveURL,
                    VR.UR,
                    urls.instance(s.studyInstanceUid(), s.seriesInstanceUid(), s.sopInstanceUid()));
        if (coerced.contains(s.sopInstanceUid())) {
          item.setInts(Tags.WarningReason, VR.US, COERCION_OF_DATA_ELEMENTS);
        }
        items.add(item.build());
      }
      b.setSequence(Tags.ReferencedSOPSequence, items);
    }
    return b.build();
  }
}
