package ward.archive.index;

import java.util.List;
import java.util.Set;
import ward.dicom.DataSet;
import ward.dicom.VR;

/** Builds queries for the index tests, as a C-FIND identifier would hold them. */
final class TestQuery {
  private final QueryModel model;
  private final Level level;
  private final DataSet.Builder keys = DataSet.builder();
  private boolean all;
  private StudyScope scope;
  private int offset;
  private int limit;

  private TestQuery(QueryModel model, Level level) {
    this.model = model;
    this.level = level;
  }

  static TestQuery patientRoot(Level level) {
    return new TestQuery(QueryModel.PATIENT_ROOT, level);
  }

  static TestQuery studyRoot(Level level) {
    return new TestQuery(QueryModel.STUDY_ROOT, level);
  }

  /** A matching key with these values, or a return key without. */
  TestQuery key(int tag, VR vr, String... values) {
    keys.setString(tag, vr, values);
    return this;
  }

  /** A matching key of a binary number VR (US, UL ...). */
  TestQuery number(int tag, VR vr, long value) {
    keys.setInts(tag, vr, value);
    return this;
  }

  TestQuery all() {
    this.all = true;
    return this;
  }

  TestQuery scope(StudyScope scope) {
    this.scope = scope;
    return this;
  }

  TestQuery scope(String... patientIds) {
    this.scope = StudyScope.ofPatients(Set.of(patientIds));
    return this;
  }

  TestQuery page(int offset, int limit) {
    this.offset = offset;
    this.limit = limit;
    return this;
  }

  IndexQuery build() {
    return new IndexQuery(model, level, keys.build(), all, scope, offset, limit);
  }

  /** The first value of an attribute in each match, "" when empty or absent. */
  static List<String> values(List<DataSet> matches, int tag) {
    return matches.stream().map(m -> m.getString(tag, "")).toList();
  }
}
