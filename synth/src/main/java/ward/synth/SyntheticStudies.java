package ward.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.dicom.Value;

/**
 * Realistic CT or MR studies of invented patients, for tests and benchmarks. Everything follows
 * from the {@link StudySpec}: the same spec gives the same patients, UIDs, dates and pixels, byte
 * for byte; another seed gives other ones.
 *
 * <p>Each series is a stack of contiguous axial slices through a phantom (a head, or a trunk from
 * the lungs to the bladder) whose cross-sections change from slice to slice, with seeded noise.
 * Files are Part 10, explicit VR little endian, written by {@link DicomWriter}.
 *
 * <p>Not thread-safe: one generator draws every image into the same buffers.
 */
public final class SyntheticStudies {

  private final StudySpec spec;
  private final List<SyntheticPatient> patients = new ArrayList<>();
  private final List<SyntheticStudy> studies = new ArrayList<>();
  private final List<SyntheticSeries> series = new ArrayList<>();
  private final Phantom phantom;

  public SyntheticStudies(StudySpec spec) {
    this.spec = spec;
    long seed = spec.seed();
    SplittableRandom numbering = Seeds.random(seed, Seeds.NUMBERING);
    int patientIdBase = numbering.nextInt(9_000_000);
    int accessionBase = numbering.nextInt(90_000_000);
    int studyIdBase = numbering.nextInt(1000, 900_000);
    List<StudyProtocol> protocols = Protocols.of(spec.modality());
    for (int p = 1; p <= spec.patients(); p++) {
      SyntheticPatient patient = patient(p, patientIdBase + p);
      patients.add(patient);
      SplittableRandom visits = Seeds.random(seed, Seeds.PATIENT, p, 0);
      LocalDate day = LocalDate.of(2016, 1, 4).plusDays(visits.nextInt(5 * 365));
      for (int s = 1; s <= spec.studiesPerPatient(); s++) {
        SplittableRandom r = Seeds.random(seed, Seeds.STUDY, p, s);
        LocalDateTime start =
            day.atTime(
                LocalTime.of(7, 30).plusMinutes(r.nextInt(11 * 60)).plusSeconds(r.nextInt(60)));
        int ordinal = studies.size() + 1;
        StudyProtocol protocol = protocols.get(r.nextInt(protocols.size()));
        SyntheticStudy study =
            new SyntheticStudy(
                patient,
                s,
                Seeds.uid(seed, Seeds.STUDY, p, s),
                start,
                String.format(Locale.ROOT, "A%08d", accessionBase + ordinal),
                Integer.toString(studyIdBase + ordinal),
                protocol,
                InventedNames.personName(r),
                Seeds.uid(seed, Seeds.FRAME_OF_REFERENCE, p, s));
        studies.add(study);
        for (int e = 1; e <= spec.seriesPerStudy(); e++) {
          series.add(
              new SyntheticSeries(
                  study,
                  e,
                  Seeds.uid(seed, Seeds.SERIES, p, s, e),
                  start.plusMinutes(1 + 4L * (e - 1)),
                  protocol.seriesProtocol(e),
                  spec.instancesPerSeries()));
        }
        day = day.plusDays(30 + r.nextInt(370));
      }
    }
    phantom =
        new Phantom(
            spec.rows(),
            spec.columns(),
            spec.modality().maxStoredValue(),
            Seeds.random(seed, Seeds.NOISE));
  }

  private SyntheticPatient patient(int number, int idNumber) {
    SplittableRandom r = Seeds.random(spec.seed(), Seeds.PATIENT, number);
    String name = InventedNames.personName(r);
    int sexDraw = r.nextInt(100);
    String sex = sexDraw < 48 ? "F" : sexDraw < 96 ? "M" : "O";
    LocalDate birth = LocalDate.of(1935, 1, 1).plusDays(r.nextInt(65 * 365));
    double size = (150 + r.nextInt(46)) / 100.0;
    double weight = 50 + r.nextInt(61);
    return new SyntheticPatient(
        number, name, String.format(Locale.ROOT, "SYN%07d", idNumber), birth, sex, size, weight);
  }

  public StudySpec spec() {
    return spec;
  }

  public List<SyntheticPatient> patients() {
    return List.copyOf(patients);
  }

  public List<SyntheticStudy> studies() {
    return List.copyOf(studies);
  }

  public List<SyntheticSeries> series() {
    return List.copyOf(series);
  }

  /** The slices of a series, top first, numbered from 1. */
  public List<SyntheticInstance> instances(SyntheticSeries s) {
    int p = s.study().patient().number();
    int st = s.study().number();
    List<SyntheticInstance> list = new ArrayList<>(s.instanceCount());
    for (int i = 1; i <= s.instanceCount(); i++) {
      list.add(
          new SyntheticInstance(
              s, i, Seeds.uid(spec.seed(), Seeds.INSTANCE, p, st, s.number(), i)));
    }
    return list;
  }

  /** The complete data set of one instance, pixel data included, in memory. */
  public DataSet dataSet(SyntheticInstance instance) {
    byte[] pixels = new byte[phantom.imageBytes()];
    DataSet attributes = ImageIod.seriesAttributes(instance.series(), spec.rows(), spec.columns());
    return withPixels(attributes, instance, pixels);
  }

  private DataSet withPixels(DataSet seriesAttributes, SyntheticInstance instance, byte[] pixels) {
    SyntheticSeries s = instance.series();
    phantom.render(
        s.study().protocol().anatomy(),
        s.protocol().weighting(),
        bodyScale(s.study().patient()),
        s.seriesInstanceUid().hashCode(),
        instance.number() - 1,
        s.instanceCount(),
        pixels);
    return ImageIod.slice(seriesAttributes, instance, spec.rows(), spec.columns())
        .add(Tags.PixelData, VR.OW, new Value.Bytes(pixels))
        .build();
  }

  /** Heavier patients are larger: from 0.85 (50 kg) to 1 (110 kg) of the phantom's size. */
  private static double bodyScale(SyntheticPatient patient) {
    return 0.85 + 0.15 * (patient.weightKg() - 50) / 60;
  }

  /**
   * Writes every instance under {@code dir} as {@link SyntheticInstance#relativePath()}, creating
   * the folders. Never overwrites: a file already there is an error.
   */
  public WriteSummary writeTo(Path dir) throws IOException {
    long start = System.nanoTime();
    // One pixel buffer for every image: each data set holding it is written, then dropped, before
    // the next image is drawn into it.
    byte[] pixels = new byte[phantom.imageBytes()];
    long instances = 0;
    long bytes = 0;
    for (SyntheticSeries s : series) {
      DataSet attributes = ImageIod.seriesAttributes(s, spec.rows(), spec.columns());
      String sopClass = s.modality().sopClassUid();
      boolean first = true;
      for (SyntheticInstance instance : instances(s)) {
        Path file = dir.resolve(instance.relativePath());
        if (first) {
          Files.createDirectories(file.getParent());
          first = false;
        }
        DataSet dataSet = withPixels(attributes, instance, pixels);
        DataSet meta =
            DicomWriter.fileMetaFor(
                sopClass, instance.sopInstanceUid(), UID.ExplicitVRLittleEndian);
        try (OutputStream out =
            Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          DicomWriter.writeFile(out, meta, dataSet);
        }
        bytes += Files.size(file);
        instances++;
      }
    }
    return new WriteSummary(
        patients.size(),
        studies.size(),
        series.size(),
        instances,
        bytes,
        Duration.ofNanos(System.nanoTime() - start));
  }
}
