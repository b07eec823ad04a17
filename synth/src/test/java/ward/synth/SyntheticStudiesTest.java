package ward.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.DicomReader;
import ward.dicom.Tags;
import ward.dicom.UID;

class SyntheticStudiesTest {

  /** 2 patients x 2 studies x 3 series x 4 slices of 64x64: 48 small files. */
  static final StudySpec SMALL = new StudySpec(2, 2, 3, 4, Modality.CT, 64, 64, 7);

  @TempDir Path tmp;

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  static Map<Path, DataSet> read(Path dir) throws IOException {
    Map<Path, DataSet> read = new TreeMap<>();
    for (Path f : files(dir)) {
      DicomFile file = DicomReader.readFile(f);
      assertThat(file.transferSyntax().uid()).isEqualTo(UID.ExplicitVRLittleEndian);
      assertThat(file.fileMeta().getString(Tags.MediaStorageSOPInstanceUID))
          .isEqualTo(file.dataSet().getString(Tags.SOPInstanceUID));
      assertThat(file.fileMeta().getString(Tags.MediaStorageSOPClassUID))
          .isEqualTo(file.dataSet().getString(Tags.SOPClassUID));
      read.put(dir.relativize(f), file.dataSet());
    }
    return read;
  }

  @ParameterizedTest
  @EnumSource(Modality.class)
  void sameSeedWritesTheSameBytes(Modality modality) throws IOException {
    StudySpec spec = SMALL.withModality(modality);
    new SyntheticStudies(spec).writeTo(tmp.resolve("a"));
    new SyntheticStudies(spec).writeTo(tmp.resolve("b"));
    List<Path> a = files(tmp.resolve("a"));
    List<Path> b = files(tmp.resolve("b"));
    assertThat(a).hasSize(48);
    assertThat(b.stream().map(tmp.resolve("b")::relativize))
        .containsExactlyElementsOf(a.stream().map(tmp.resolve("a")::relativize).toList());
    for (int i = 0; i < a.size(); i++) {
      assertThat(Files.readAllBytes(b.get(i)))
          .as(b.get(i).toString())
          .isEqualTo(Files.readAllBytes(a.get(i)));
    }
  }

  @Test
  void anotherSeedGivesOtherUidsAndOtherPeople() {
    SyntheticStudies one = new SyntheticStudies(SMALL);
    SyntheticStudies two = new SyntheticStudies(SMALL.withSeed(8));
    assertThat(uids(two)).doesNotContainAnyElementsOf(uids(one));
    assertThat(two.patients().stream().map(SyntheticPatient::id))
        .doesNotContainAnyElementsOf(one.patients().stream().map(SyntheticPatient::id).toList());
    assertThat(two.studies().stream().map(SyntheticStudy::accessionNumber))
        .doesNotContainAnyElementsOf(
            one.studies().stream().map(SyntheticStudy::accessionNumber).toList());
  }

  private static Set<String> uids(SyntheticStudies s) {
    Set<String> uids = new HashSet<>();
    for (SyntheticStudy st : s.studies()) {
      uids.add(st.studyInstanceUid());
      uids.add(st.frameOfReferenceUid());
    }
    for (SyntheticSeries se : s.series()) {
      uids.add(se.seriesInstanceUid());
      s.instances(se).forEach(i -> uids.add(i.sopInstanceUid()));
    }
    return uids;
  }

  @ParameterizedTest
  @EnumSource(Modality.class)
  void filesFormAConsistentPatientStudySeriesHierarchy(Modality modality) throws IOException {
    StudySpec spec = SMALL.withModality(modality);
    new SyntheticStudies(spec).writeTo(tmp);
    Map<Path, DataSet> files = read(tmp);
    assertThat(files).hasSize((int) spec.instances());

    // the folders are the hierarchy: pPPPPP/stSS/seEE/iIIIII.dcm
    Map<Path, List<DataSet>> byPatient = groupBy(files, f -> f.subpath(0, 1));
    Map<Path, List<DataSet>> byStudy = groupBy(files, f -> f.subpath(0, 2));
    Map<Path, List<DataSet>> bySeries = groupBy(files, f -> f.subpath(0, 3));
    assertThat(byPatient).hasSize(spec.patients());
    assertThat(byStudy).hasSize((int) spec.studies());
    assertThat(bySeries).hasSize((int) spec.series());

    assertThat(onePerGroup(byPatient, Tags.PatientID)).hasSize(spec.patients());
    assertThat(onePerGroup(byPatient, Tags.PatientName)).hasSize(spec.patients());
    assertThat(onePerGroup(byPatient, Tags.PatientBirthDate)).isNotEmpty();
    assertThat(onePerGroup(byStudy, Tags.StudyInstanceUID)).hasSize((int) spec.studies());
    assertThat(onePerGroup(byStudy, Tags.AccessionNumber)).hasSize((int) spec.studies());
    assertThat(onePerGroup(byStudy, Tags.StudyID)).hasSize((int) spec.studies());
    assertThat(onePerGroup(byStudy, Tags.FrameOfReferenceUID)).hasSize((int) spec.studies());
    assertThat(onePerGroup(byStudy, Tags.StudyDate)).isNotEmpty();
    assertThat(onePerGroup(bySeries, Tags.SeriesInstanceUID)).hasSize((int) spec.series());
    assertThat(onePerGroup(bySeries, Tags.SeriesDescription)).isNotEmpty();
    assertThat(onePerGroup(bySeries, Tags.Modality)).containsExactly(modality.name());
    assertThat(onePerGroup(bySeries, Tags.SOPClassUID)).containsExactly(modality.sopClassUid());
    assertThat(onePerGroup(bySeries, Tags.InstitutionName))
        .containsExactly("Ward Synthetic Hospital");

    List<String> sopInstanceUids =
        files.values().stream().map(d -> d.getString(Tags.SOPInstanceUID)).toList();
    assertThat(new HashSet<>(sopInstanceUids)).hasSize(files.size());
    for (DataSet d : files.values()) {
      for (int tag :
          new int[] {
            Tags.SOPInstanceUID,
            Tags.StudyInstanceUID,
            Tags.SeriesInstanceUID,
            Tags.FrameOfReferenceUID
          }) {
        assertThat(d.getString(tag)).matches("2\\.25\\.[1-9][0-9]*").hasSizeLessThanOrEqualTo(64);
      }
      assertThat(d.getString(Tags.PatientID)).matches("SYN[0-9]{7}");
      assertThat(d.getString(Tags.PatientName)).matches("[A-Z][a-z]+\\^[A-Z][a-z]+");
    }
    for (Map.Entry<Path, List<DataSet>> series : bySeries.entrySet()) {
      assertThat(series.getValue().stream().map(d -> d.getInt(Tags.InstanceNumber, -1)))
          .as(series.getKey().toString())
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, spec.instancesPerSeries()).boxed().toList());
    }
    // and the file named iNNNNN holds instance NNNNN
    files.forEach(
        (path, d) ->
            assertThat(path.getFileName().toString())
                .isEqualTo(String.format("i%05d.dcm", d.getInt(Tags.InstanceNumber, -1))));
  }

  private static Map<Path, List<DataSet>> groupBy(
      Map<Path, DataSet> files, Function<Path, Path> key) {
    Map<Path, List<DataSet>> groups = new TreeMap<>();
    files.forEach(
        (path, d) -> groups.computeIfAbsent(key.apply(path), k -> new ArrayList<>()).add(d));
    return groups;
  }

  /**
   * The value of {@code tag} in each group, asserting that it is the same throughout the group;
   * distinct values of all groups.
   */
  private static Set<String> onePerGroup(Map<Path, List<DataSet>> groups, int tag) {
    Set<String> values = new HashSet<>();
    groups.forEach(
        (key, members) -> {
          Set<String> inGroup =
              members.stream().map(d -> d.getString(tag)).collect(Collectors.toSet());
          assertThat(inGroup).as(key + " " + ward.dicom.Tag.toString(tag)).hasSize(1);
          assertThat(inGroup.iterator().next()).isNotNull();
          values.addAll(inGroup);
        });
    return values;
  }

  @Test
  void slicesStepDownTheTableThroughTheBody() throws IOException {
    StudySpec spec = new StudySpec(1, 1, 1, 9, Modality.CT, 128, 96, 3);
    SyntheticStudies synth = new SyntheticStudies(spec);
    SyntheticSeries series = synth.series().get(0);
    double thickness = series.protocol().sliceThicknessMm();
    double previousZ = Double.NaN;
    for (SyntheticInstance i : synth.instances(series)) {
      DataSet d = synth.dataSet(i);
      double[] position = d.getDoubles(Tags.ImagePositionPatient);
      assertThat(d.getDoubles(Tags.SliceLocation)).containsExactly(position[2]);
      if (!Double.isNaN(previousZ)) {
        assertThat(previousZ - position[2])
            .isCloseTo(thickness, org.assertj.core.data.Offset.offset(1e-6));
      }
      previousZ = position[2];
      assertThat(d.getInt(Tags.Rows, 0)).isEqualTo(128);
      assertThat(d.getInt(Tags.Columns, 0)).isEqualTo(96);
      short[] pixels = pixels(d);
      assertThat(pixels).hasSize(128 * 96);
      // corners are air (-1000 HU); an eighth of the image or more is body (lung and denser)
      int intercept = (int) d.getDoubles(Tags.RescaleIntercept)[0];
      assertThat(pixels[0] + intercept).isLessThan(-900);
      assertThat(pixels[pixels.length - 1] + intercept).isLessThan(-900);
      int bodyValues = 0;
      for (short p : pixels) {
        assertThat(p & 0xFFFF).isLessThan(4096); // 12 bits stored
        if (p + intercept > -900) {
          bodyValues++;
        }
      }
      assertThat(bodyValues).as("pixels inside the body").isGreaterThan(pixels.length / 8);
    }
  }

  private static short[] pixels(DataSet d) {
    ByteBuffer b = ByteBuffer.wrap(d.getBytes(Tags.PixelData)).order(ByteOrder.LITTLE_ENDIAN);
    short[] s = new short[b.remaining() / 2];
    b.asShortBuffer().get(s);
    return s;
  }

  @Test
  void theDataSetInMemoryIsTheOneWritten() throws IOException {
    SyntheticStudies synth = new SyntheticStudies(SMALL.withModality(Modality.MR));
    synth.writeTo(tmp);
    SyntheticInstance instance = synth.instances(synth.series().get(4)).get(2);
    DataSet written = DicomReader.readFile(tmp.resolve(instance.relativePath())).dataSet();
    assertThat(synth.dataSet(instance)).isEqualTo(written);
  }

  @Test
  void moreSlicesLeaveThePeopleAndStudiesAsTheyWere() {
    SyntheticStudies few = new SyntheticStudies(SMALL);
    SyntheticStudies many =
        new SyntheticStudies(SMALL.withInstancesPerSeries(20).withMatrix(32, 32));
    assertThat(many.patients()).isEqualTo(few.patients());
    assertThat(many.studies()).isEqualTo(few.studies());
    assertThat(
            many.instances(many.series().get(1)).subList(0, 4).stream()
                .map(SyntheticInstance::sopInstanceUid))
        .containsExactlyElementsOf(
            few.instances(few.series().get(1)).stream()
                .map(SyntheticInstance::sopInstanceUid)
                .toList());
  }

  @Test
  void neverOverwritesAFile() throws IOException {
    SyntheticStudies synth = new SyntheticStudies(SMALL);
    synth.writeTo(tmp);
    assertThatThrownBy(() -> synth.writeTo(tmp)).isInstanceOf(FileAlreadyExistsException.class);
  }

  /** A benchmark is not a test: this prints the time, and asserts only what was written. */
  @Test
  void reportsHowLongTwoHundredCtSlicesTake() throws IOException {
    StudySpec spec = new StudySpec(2, 1, 2, 50, Modality.CT, 512, 512, 11);
    WriteSummary w = new SyntheticStudies(spec).writeTo(tmp);
    assertThat(w.instances()).isEqualTo(200);
    assertThat(w.bytes()).isGreaterThan(200L * 512 * 512 * 2);
    System.out.printf(
        "ward-synth: 200 CT instances of 512x512 (%.1f MB) generated and written in %.2f s%n",
        w.bytes() / 1e6, w.elapsed().toNanos() / 1e9);
  }
}
