package ward.archive.web;

import io.javalin.http.Context;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import ward.archive.auth.Action;
import ward.archive.auth.Principal;
import ward.archive.index.StoredInstance;
import ward.archive.storage.BlobStore;

/**
 * {@code GET /api/studies/{study}/download}: a study's stored Part 10 files, byte for byte, in one
 * ZIP, for whoever may retrieve it (a patient their own studies, a referrer their granted ones); a
 * study the caller may not see is answered 404 as if absent. Entries are named by position ({@code
 * series-001/instance-0001.dcm}), never by a value from the data, so no name in the archive can
 * climb out of the folder it is unpacked into. Audited like any retrieval (PS3.15 A.5.3.7). Every
 * object is decrypted and checked as it is read: a tampered one ends the download cut short.
 */
final class StudyDownload {
  private final StudyAccess access;
  private final BlobStore blobs;
  private final WebAudit audit;

  StudyDownload(StudyAccess access, BlobStore blobs, WebAudit audit) {
    this.access = access;
    this.blobs = blobs;
    this.audit = audit;
  }

  void download(Context ctx, Principal caller) throws Exception {
    String study = RequestValues.uid(ctx, "study");
    List<StoredInstance> instances = access.instances(caller, Action.RETRIEVE, study, null, null);
    ctx.status(200);
    ctx.contentType("application/zip");
    ctx.header("Content-Disposition", "attachment; filename=\"study-" + study + ".zip\"");
    OutputStream out = ctx.outputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(Deflater.BEST_SPEED);
      String series = null;
      int seriesNumber = 0;
      int instanceNumber = 0;
      for (StoredInstance i : instances) {
        if (!i.seriesInstanceUid().equals(series)) {
          series = i.seriesInstanceUid();
          seriesNumber++;
          instanceNumber = 0;
        }
        instanceNumber++;
        zip.putNextEntry(
            new ZipEntry(
                String.format(
                    Locale.ROOT, "series-%03d/instance-%04d.dcm", seriesNumber, instanceNumber)));
        try (InputStream object = blobs.open(i.blob())) {
          object.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
    audit.sent(ctx, caller, instances);
  }
}
