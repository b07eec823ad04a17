package ward.scan.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.net.client.DicomClient;
import ward.net.client.QueryLevel;
import ward.net.client.QueryModel;
import ward.net.client.RetrieveResult;
import ward.net.client.StoreJob;
import ward.net.client.StoreListener;
import ward.net.client.StoreReport;
import ward.scan.ProbeContext;

/**
 * The opt-in tests that move data: C-GET of one instance (PS3.4 C.4.3), whose data set is discarded
 * unread, and C-STORE (PS3.4 B) of one synthetic instance that names itself a scanner's test. Each
 * runs only when the user asks for it.
 */
final class ActiveChecks {

  /** The test instance's patient: invented, and saying what it is. */
  static final String TEST_PATIENT_NAME = "WARD^EXPOSURE^TEST";

  static final String TEST_PATIENT_ID = "WARD-SCAN-TEST";

  private final ProbeContext context;
  private final String key;
  private final DicomClient client;

  ActiveChecks(ProbeContext context, String key, DicomClient client) {
    this.context = context;
    this.key = key;
    this.client = client;
  }

  ActiveTest retrieve(Set<String> services, QueryExposure query) {
    if (!context.settings().tryRetrieve()) {
      return ActiveTest.notTried("not tried (opt in with --try-retrieve)");
    }
    boolean get = services.contains(UID.StudyRootQueryRetrieveInformationModelGet);
    boolean find = services.contains(UID.StudyRootQueryRetrieveInformationModelFind);
    if (!get || !find) {
      return ActiveTest.notTried("not tried: study root C-FIND and C-GET were not both accepted");
    }
    if (query == null || query.studies() == 0) {
      return ActiveTest.notTried("not tried: no study found to retrieve from");
    }
    try {
      // The first instance of the first series of the first study: its UIDs stay in memory.
      String[] uids = new String[3];
      context.rate().acquire();
      context.log().sent(key, "C-FIND-RQ STUDY_ROOT STUDY (choosing one study to retrieve)");
      client.find(
          QueryModel.STUDY_ROOT,
          QueryLevel.STUDY,
          DataSet.builder().setString(Tags.StudyInstanceUID, VR.UI, "").build(),
          m -> {
            uids[0] = m.getString(Tags.StudyInstanceUID);
            return uids[0] == null;
          });
      if (uids[0] == null) {
        return new ActiveTest(true, false, "no study UID returned");
      }
      context.rate().acquire();
      context.log().sent(key, "C-FIND-RQ STUDY_ROOT SERIES (choosing one series)");
      client.find(
          QueryModel.STUDY_ROOT,
          QueryLevel.SERIES,
          DataSet.builder()
              .setString(Tags.StudyInstanceUID, VR.UI, uids[0])
              .setString(Tags.SeriesInstanceUID, VR.UI, "")
              .build(),
          m -> {
            uids[1] = m.getString(Tags.SeriesInstanceUID);
            return uids[1] == null;
          });
      if (uids[1] == null) {
        return new ActiveTest(true, false, "no series UID returned");
      }
      context.rate().acquire();
      context.log().sent(key, "C-FIND-RQ STUDY_ROOT IMAGE (choosing one instance)");
      client.find(
          QueryModel.STUDY_ROOT,
          QueryLevel.IMAGE,
          DataSet.builder()
              .setString(Tags.StudyInstanceUID, VR.UI, uids[0])
              .setString(Tags.SeriesInstanceUID, VR.UI, uids[1])
              .setString(Tags.SOPInstanceUID, VR.UI, "")
              .build(),
          m -> {
            uids[2] = m.getString(Tags.SOPInstanceUID);
            return uids[2] == null;
          });
      if (uids[2] == null) {
        return new ActiveTest(true, false, "no instance UID returned");
      }
      context.rate().acquire();
      context.log().sent(key, "C-GET-RQ STUDY_ROOT IMAGE (one instance, discarded unread)");
      RetrieveResult r =
          client.get(
              QueryModel.STUDY_ROOT,
              QueryLevel.IMAGE,
              DataSet.builder()
                  .setString(Tags.StudyInstanceUID, VR.UI, uids[0])
                  .setString(Tags.SeriesInstanceUID, VR.UI, uids[1])
                  .setString(Tags.SOPInstanceUID, VR.UI, uids[2])
                  .build(),
              List.of(),
              (sopClass, sopInstance, ts, data) -> 0); // not read: closed unread by the SCU
      boolean got = r.received() > 0;
      return new ActiveTest(
          true,
          got,
          got
              ? "C-GET delivered " + r.received() + " instance(s) without authentication"
              : String.format("C-GET answered status %04X, nothing delivered", r.status()));
    } catch (IOException e) {
      return new ActiveTest(true, false, "retrieval failed: " + e.getMessage());
    }
  }

  ActiveTest store(Set<String> services) {
    if (!context.settings().tryStore()) {
      return ActiveTest.notTried("not tried (opt in with --try-store)");
    }
    if (!services.contains(UID.SecondaryCaptureImageStorage)) {
      return ActiveTest.notTried("not tried: secondary capture storage was not accepted");
    }
    Path dir = null;
    Path file = null;
    try {
      dir = Files.createTempDirectory("ward-scan");
      file = dir.resolve("test.dcm");
      String uid = "2.25." + new java.math.BigInteger(1, randomBytes());
      DataSet ds = testInstance(uid);
      try (OutputStream out = Files.newOutputStream(file)) {
        DicomWriter.writeFile(
            out,
            DicomWriter.fileMetaFor(
                UID.SecondaryCaptureImageStorage, uid, UID.ExplicitVRLittleEndian),
            ds);
      }
      context.rate().acquire();
      context.log().sent(key, "C-STORE-RQ Secondary Capture (synthetic test instance " + uid + ")");
      StoreReport report = client.store(StoreJob.scan(List.of(file)), 1, StoreListener.NONE);
      boolean ok = report.storedCount() == 1;
      String problem = report.failures().isEmpty() ? null : report.failures().get(0).problem();
      return new ActiveTest(
          true,
          ok,
          ok
              ? "C-STORE of a synthetic test instance (PatientID "
                  + TEST_PATIENT_ID
                  + ", SOP Instance UID "
                  + uid
                  + ") was accepted without authentication"
              : "C-STORE refused" + (problem == null ? "" : ": " + problem));
    } catch (IOException e) {
      return new ActiveTest(true, false, "storage failed: " + e.getMessage());
    } finally {
      try {
        if (file != null) {
          Files.deleteIfExists(file);
        }
        if (dir != null) {
          Files.deleteIfExists(dir);
        }
      } catch (IOException ignored) {
        // a temporary file of a synthetic instance
      }
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  /** An 8 x 8 secondary capture image of an invented patient. */
  static DataSet testInstance(String uid) {
    return DataSet.builder()
        .setString(Tags.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
        .setString(Tags.SOPInstanceUID, VR.UI, uid)
        .setString(Tags.StudyInstanceUID, VR.UI, uid + ".1")
        .setString(Tags.SeriesInstanceUID, VR.UI, uid + ".2")
        .setString(Tags.PatientName, VR.PN, TEST_PATIENT_NAME)
        .setString(Tags.PatientID, VR.LO, TEST_PATIENT_ID)
        .setString(Tags.Modality, VR.CS, "OT")
        .setString(Tags.ConversionType, VR.CS, "WSD")
        .setString(Tags.StudyDescription, VR.LO, "exposure scanner test instance")
        .setInts(Tags.SamplesPerPixel, VR.US, 1)
        .setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2")
        .setInts(Tags.Rows, VR.US, 8)
        .setInts(Tags.Columns, VR.US, 8)
        .setInts(Tags.BitsAllocated, VR.US, 8)
        .setInts(Tags.BitsStored, VR.US, 8)
        .setInts(Tags.HighBit, VR.US, 7)
        .setInts(Tags.PixelRepresentation, VR.US, 0)
        .setBytes(Tags.PixelData, VR.OB, new byte[64])
        .build();
  }
}
