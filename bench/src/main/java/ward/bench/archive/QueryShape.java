package ward.bench.archive;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

/**
 * The study-level queries of the archive benchmark, each asked both as a C-FIND identifier (Study
 * Root, PS3.4 C.6.2) and as a QIDO-RS search (PS3.18 10.6): what a viewer's worklist asks when a
 * user types a patient ID, the start of a name, or a date range.
 *
 * <p>Every C-FIND asks for the same return keys, the ones a study list shows; QIDO-RS returns its
 * default study attributes (PS3.18 Table 10.6.3-3), which include the same ones.
 */
enum QueryShape {
  /** Patient ID (0010,0020), single value matching (PS3.4 C.2.2.2.1): {@code SYN0001234}. */
  PATIENT_ID("patient-id", Tags.PatientID, VR.LO, "PatientID"),
  /** Patient's Name (0010,0010), wild card matching (PS3.4 C.2.2.2.4): {@code Ke*}. */
  PATIENT_NAME("patient-name", Tags.PatientName, VR.PN, "PatientName"),
  /** Study Date (0008,0020), range matching (PS3.4 C.2.2.2.5): {@code 20180101-20180131}. */
  STUDY_DATE("study-date", Tags.StudyDate, VR.DA, "StudyDate");

  private final String label;
  private final int tag;
  private final VR vr;
  private final String keyword;

  QueryShape(String label, int tag, VR vr, String keyword) {
    this.label = label;
    this.tag = tag;
    this.vr = vr;
    this.keyword = keyword;
  }

  /** The name used on the driver's command line and in the results. */
  String label() {
    return label;
  }

  static QueryShape of(String label) {
    for (QueryShape s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown query shape: " + label);
  }

  /**
   * The C-FIND identifier: this shape's matching key with {@code value}, and empty return keys for
   * what a study list shows. The Query/Retrieve Level is added by the caller.
   */
  DataSet findKeys(String value) {
    DataSet.Builder b =
        DataSet.builder()
            .setString(Tags.StudyInstanceUID, VR.UI)
            .setString(Tags.PatientName, VR.PN)
            .setString(Tags.PatientID, VR.LO)
            .setString(Tags.StudyDate, VR.DA)
            .setString(Tags.StudyTime, VR.TM)
            .setString(Tags.AccessionNumber, VR.SH)
            .setString(Tags.StudyDescription, VR.LO)
            .setString(Tags.ModalitiesInStudy, VR.CS)
            .setString(Tags.NumberOfStudyRelatedInstances, VR.IS);
    return b.setString(tag, vr, value).build();
  }

  /** The QIDO-RS query string for {@code value}, without the leading {@code ?}. */
  String qidoQuery(String value) {
    return keyword + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
