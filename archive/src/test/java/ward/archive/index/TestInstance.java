package ward.archive.index;

import java.time.Instant;
import ward.archive.storage.BlobKey;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

/** Builds invented instances for the index tests. */
final class TestInstance {
  static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
  static final String MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4";
  static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";

  private final DataSet.Builder ds = DataSet.builder();
  private BlobKey blob = BlobKey.random();
  private String source = "MODALITY1";

  private TestInstance() {}

  /** An instance with its identifying attributes; a CT image unless changed. */
  static TestInstance of(String patientId, String study, String series, String sop) {
    TestInstance t = new TestInstance();
    if (patientId != null) {
      t.text(Tags.PatientID, VR.LO, patientId);
    }
    return t.text(Tags.StudyInstanceUID, VR.UI, study)
        .text(Tags.SeriesInstanceUID, VR.UI, series)
        .text(Tags.SOPInstanceUID, VR.UI, sop)
        .text(Tags.SOPClassUID, VR.UI, CT_IMAGE)
        .text(Tags.Modality, VR.CS, "CT");
  }

  /**
   * Sets a text element. Set the Specific Character Set first: values are encoded with the one in
   * force when they are set.
   */
  TestInstance text(int tag, VR vr, String... values) {
    ds.setString(tag, vr, values);
    return this;
  }

  TestInstance number(int tag, VR vr, long value) {
    ds.setInts(tag, vr, value);
    return this;
  }

  TestInstance blob(BlobKey key) {
    this.blob = key;
    return this;
  }

  TestInstance source(String s) {
    this.source = s;
    return this;
  }

  DataSet attributes() {
    return ds.build();
  }

  IndexedInstance build() {
    return new IndexedInstance(
        ds.build(),
        "1.2.840.10008.1.2.1",
        blob,
        1234,
        new byte[32],
        Instant.parse("2024-03-01T10:00:00Z"),
        source);
  }
}
