package ward.synth;

/**
 * What to generate: how many patients, studies per patient, series per study and images per series,
 * of which modality and matrix size, from which seed. The same spec always gives the same studies,
 * byte for byte. At most {@link #MAX_INSTANCES} instances in all.
 *
 * @param patients number of invented patients, 1 to 99,999
 * @param studiesPerPatient studies of each patient, 1 to 99
 * @param seriesPerStudy series in each study, 1 to 99
 * @param instancesPerSeries images (slices) in each series, 1 to 99,999
 * @param modality CT or MR
 * @param rows image height in pixels, 1 to 4,096
 * @param columns image width in pixels, 1 to 4,096
 * @param seed everything generated (names, dates, UIDs, pixel noise) follows from it
 */
public record StudySpec(
    int patients,
    int studiesPerPatient,
    int seriesPerStudy,
    int instancesPerSeries,
    Modality modality,
    int rows,
    int columns,
    long seed) {

  /** The matrix of the "small instances" preset, for tests of instance rates. */
  public static final int SMALL_MATRIX = 64;

  /** The most instances one spec may ask for: ten million files. */
  public static final long MAX_INSTANCES = 10_000_000;

  /** Two patients with one study each, of two series of ten 512x512 CT slices; seed 1. */
  public static final StudySpec DEFAULT = new StudySpec(2, 1, 2, 10, Modality.CT, 512, 512, 1);

  public StudySpec {
    check("patients", patients, 99_999);
    check("studies per patient", studiesPerPatient, 99);
    check("series per study", seriesPerStudy, 99);
    check("instances per series", instancesPerSeries, 99_999);
    check("rows", rows, 4096);
    check("columns", columns, 4096);
    long total = (long) patients * studiesPerPatient * seriesPerStudy * instancesPerSeries;
    if (total > MAX_INSTANCES) {
      throw new IllegalArgumentException(
          "at most " + MAX_INSTANCES + " instances in all, not " + total);
    }
    if (modality == null) {
      throw new IllegalArgumentException("a modality is needed: CT or MR");
    }
  }

  private static void check(String what, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(what + " must be between 1 and " + max + ", not " + value);
    }
  }

  public StudySpec withPatients(int n) {
    return new StudySpec(
        n, studiesPerPatient, seriesPerStudy, instancesPerSeries, modality, rows, columns, seed);
  }

  public StudySpec withStudiesPerPatient(int n) {
    return new StudySpec(
        patients, n, seriesPerStudy, instancesPerSeries, modality, rows, columns, seed);
  }

  public StudySpec withSeriesPerStudy(int n) {
    return new StudySpec(
        patients, studiesPerPatient, n, instancesPerSeries, modality, rows, columns, seed);
  }

  public StudySpec withInstancesPerSeries(int n) {
    return new StudySpec(
        patients, studiesPerPatient, seriesPerStudy, n, modality, rows, columns, seed);
  }

  public StudySpec withModality(Modality m) {
    return new StudySpec(
        patients, studiesPerPatient, seriesPerStudy, instancesPerSeries, m, rows, columns, seed);
  }

  /** The same spec with images of {@code r} rows and {@code c} columns. */
  public StudySpec withMatrix(int r, int c) {
    return new StudySpec(
        patients, studiesPerPatient, seriesPerStudy, instancesPerSeries, modality, r, c, seed);
  }

  /** The same spec with small (64x64) images, for tests of instance rates. */
  public StudySpec small() {
    return withMatrix(SMALL_MATRIX, SMALL_MATRIX);
  }

  public StudySpec withSeed(long s) {
    return new StudySpec(
        patients,
        studiesPerPatient,
        seriesPerStudy,
        instancesPerSeries,
        modality,
        rows,
        columns,
        s);
  }

  public long studies() {
    return (long) patients * studiesPerPatient;
  }

  public long series() {
    return studies() * seriesPerStudy;
  }

  public long instances() {
    return series() * instancesPerSeries;
  }
}
