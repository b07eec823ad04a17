package ward.archive.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import ward.archive.db.Database;
import ward.dicom.Tags;
import ward.dicom.VR;

/**
 * Reports query latency of the index over the embedded database: records synthetic instances
 * (100,000 unless the first argument says otherwise) into a temporary database, then runs each
 * query shape many times and prints its p50 and p95. Not a test: it asserts nothing.
 *
 * <p>The archive: 2 studies per patient, 2 series per study (20 CT images and 5 SR documents),
 * study dates spread over ten years, names from 50 family and 40 given names.
 */
public final class IndexLatency {
  private static final String[] FAMILY = {
    "ABBOT", "BAKER", "CARTER", "DALTON", "EVANS", "FISHER", "GARNER", "HOLT", "INGRAM", "JONES",
    "KEMP", "LARSEN", "MORROW", "NASH", "OWENS", "PARKER", "QUINN", "REYES", "SMITH", "TATE",
    "UPTON", "VANCE", "WALSH", "YATES", "ZIMMER", "ARDEN", "BRANT", "COLE", "DORSEY", "ELLIS",
    "FORD", "GRAY", "HAYES", "IVES", "JUDD", "KNOX", "LOWE", "MAYS", "NOBLE", "ORR",
    "PRICE", "RHODES", "SHAW", "TODD", "USHER", "VOSS", "WEBB", "YOUNG", "ZANE", "ASHBY"
  };
  private static final String[] GIVEN = {
    "ADA", "BEN", "CORA", "DAN", "EVE", "FINN", "GIA", "HAL", "IDA", "JON", "KAI", "LEA", "MAX",
    "NIA", "OLE", "PIA", "RAY", "SUE", "TED", "UMA", "VIC", "WES", "XAN", "YUL", "ZOE", "AMOS",
    "BEA", "CAL", "DEE", "ELI", "FAY", "GUS", "HUGO", "INA", "JAY", "KIT", "LOU", "MIA", "NED",
    "OTTO"
  };
  private static final LocalDate FIRST_DAY = LocalDate.of(2015, 1, 1);
  private static final int RUNS = 300;
  private static final int WARM_UP = 100;

  private IndexLatency() {}

  public static void main(String[] args) throws Exception {
    int instances = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int studies = instances / 25;
    Path dir = Files.createTempDirectory("ward-index-latency");
    try (Database db = Database.embedded(dir)) {
      JdbcIndex index = new JdbcIndex(db.dataSource());
      long t0 = System.nanoTime();
      load(index, studies);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "recorded %,d instances (%,d studies) in %.1f s: %.0f instances/s%n",
          index.countInstances(),
          studies,
          seconds,
          index.countInstances() / seconds);
      Random random = new Random(7);
      measure(
          index,
          "study by Patient ID",
          i ->
              studyQuery()
                  .key(Tags.PatientID, VR.LO, patientId(random.nextInt(studies / 2)))
                  .build());
      measure(
          index,
          "study by Patient's Name wildcard",
          i -> studyQuery().key(Tags.PatientName, VR.PN, FAMILY[random.nextInt(50)] + "*").build());
      measure(
          index,
          "study by Study Date range (a month)",
          i -> {
            LocalDate from = FIRST_DAY.plusDays(random.nextInt(3650 - 31));
            return studyQuery()
                .key(Tags.StudyDate, VR.DA, day(from) + "-" + day(from.plusDays(30)))
                .build();
          });
      measure(index, "study, first page of 50, no key", i -> studyQuery().page(0, 50).build());
      measure(
          index,
          "series of a study",
          i ->
              TestQuery.studyRoot(Level.SERIES)
                  .key(Tags.StudyInstanceUID, VR.UI, studyUid(random.nextInt(studies)))
                  .key(Tags.Modality, VR.CS)
                  .key(Tags.SeriesNumber, VR.IS)
                  .key(Tags.SeriesDescription, VR.LO)
                  .build());
      measure(
          index,
          "images of a series (20)",
          i ->
              TestQuery.studyRoot(Level.IMAGE)
                  .key(Tags.SeriesInstanceUID, VR.UI, studyUid(random.nextInt(studies)) + ".1")
                  .key(Tags.InstanceNumber, VR.IS)
                  .key(Tags.SOPClassUID, VR.UI)
                  .build());
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        System.err.println("could not delete " + dir + ": " + e);
      }
    }
  }

  /** The return keys a viewer's study list asks for. */
  private static TestQuery studyQuery() {
    return TestQuery.studyRoot(Level.STUDY)
        .key(Tags.PatientName, VR.PN)
        .key(Tags.PatientID, VR.LO)
        .key(Tags.PatientBirthDate, VR.DA)
        .key(Tags.StudyDate, VR.DA)
        .key(Tags.StudyTime, VR.TM)
        .key(Tags.AccessionNumber, VR.SH)
        .key(Tags.StudyDescription, VR.LO)
        .key(Tags.ModalitiesInStudy, VR.CS)
        .key(Tags.NumberOfStudyRelatedInstances, VR.IS);
  }

  private static void load(JdbcIndex index, int studies) throws Exception {
    int threads = Integer.getInteger("threads", 2);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(
            pool.submit(
                () -> {
                  for (int s = first; s < studies; s += threads) {
                    recordStudy(index, s);
                  }
                  return null;
                }));
      }
      for (Future<Void> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void recordStudy(JdbcIndex index, int study) throws IndexException {
    int patient = study / 2;
    String name =
        FAMILY[patient % FAMILY.length] + "^" + GIVEN[(patient / FAMILY.length) % GIVEN.length];
    LocalDate date = FIRST_DAY.plusDays((study * 7919L) % 3650);
    for (int series = 1; series <= 2; series++) {
      int count = series == 1 ? 20 : 5;
      for (int n = 1; n <= count; n++) {
        String seriesUid = studyUid(study) + "." + series;
        TestInstance instance =
            TestInstance.of(patientId(patient), studyUid(study), seriesUid, seriesUid + "." + n)
                .text(Tags.PatientName, VR.PN, name)
                .text(
                    Tags.PatientBirthDate,
                    VR.DA,
                    day(LocalDate.of(1940 + patient % 60, 1 + patient % 12, 1 + patient % 28)))
                .text(Tags.PatientSex, VR.CS, patient % 2 == 0 ? "F" : "M")
                .text(Tags.StudyDate, VR.DA, day(date))
                .text(
                    Tags.StudyTime,
                    VR.TM,
                    String.format(Locale.ROOT, "%02d%02d00", 7 + study % 12, study % 60))
                .text(Tags.AccessionNumber, VR.SH, "A" + (1_000_000 + study))
                .text(Tags.StudyDescription, VR.LO, "CT CHEST")
                .text(Tags.ReferringPhysicianName, VR.PN, "REFERRER^" + GIVEN[study % GIVEN.length])
                .text(Tags.SeriesNumber, VR.IS, String.valueOf(series))
                .text(Tags.SeriesDescription, VR.LO, series == 1 ? "AXIAL" : "REPORT")
                .text(Tags.Modality, VR.CS, series == 1 ? "CT" : "SR")
                .text(
                    Tags.SOPClassUID,
                    VR.UI,
                    series == 1 ? TestInstance.CT_IMAGE : TestInstance.BASIC_TEXT_SR)
                .text(Tags.InstanceNumber, VR.IS, String.valueOf(n))
                .text(Tags.InstitutionName, VR.LO, "INVENTED GENERAL");
        if (series == 1) {
          instance.number(Tags.Rows, VR.US, 512).number(Tags.Columns, VR.US, 512);
        }
        index.record(instance.build(), DuplicatePolicy.REJECT);
      }
    }
  }

  private static void measure(JdbcIndex index, String shape, IntFunction<IndexQuery> queries)
      throws IndexException {
    long[] nanos = new long[RUNS];
    long matches = 0;
    for (int i = 0; i < WARM_UP + RUNS; i++) {
      IndexQuery q = queries.apply(i);
      long t = System.nanoTime();
      int n = index.find(q).size();
      long elapsed = System.nanoTime() - t;
      if (i >= WARM_UP) {
        nanos[i - WARM_UP] = elapsed;
        matches += n;
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%-38s p50 %6.2f ms  p95 %6.2f ms  (%.1f matches on average)%n",
        shape,
        nanos[RUNS / 2] / 1e6,
        nanos[RUNS * 95 / 100] / 1e6,
        (double) matches / RUNS);
  }

  private static String patientId(int patient) {
    return String.format(Locale.ROOT, "PID%07d", patient);
  }

  private static String studyUid(int study) {
    return "2.25.4242." + study;
  }

  private static String day(LocalDate d) {
    return d.format(DateTimeFormatter.BASIC_ISO_DATE);
  }
}
