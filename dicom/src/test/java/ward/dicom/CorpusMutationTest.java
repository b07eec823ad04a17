package ward.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.testing.Oracles;

/**
 * Damages every file of pydicom's corpus that Ward reads in thousands of ways ({@link
 * Part10Mutations}) and reads each damaged copy both from memory and from a file with bulk data
 * left in place. Every read must either succeed or fail with a {@link DicomFormatException} that
 * says where and why, and both ways of reading must agree. Any other exception, a read that spends
 * more than {@link #READ_CPU_LIMIT_NANOS} of CPU, or one that allocates more than the limits allow
 * is a bug. Files of the corpus that Ward refuses as they are must be refused with a
 * DicomFormatException too.
 */
@org.junit.jupiter.api.Tag("oracle")
class CorpusMutationTest {

  /** Modest limits: no damaged corpus file may make the reader take more than these. */
  static final ReadLimits LIMITS =
      new ReadLimits(16L << 20, 64L << 20, 16, 200_000, 64L << 20, 200);

  private static final ReadOptions IN_MEMORY = ReadOptions.DEFAULT.withLimits(LIMITS);

  /** Values above this many bytes are left in the file when reading from a file. */
  private static final long BULK_THRESHOLD = 64;

  /**
   * CPU one read may spend. CPU rather than wall-clock time, so that a busy machine does not make a
   * slow read look like a hang; a read stuck without spending CPU is caught by the wall-clock
   * limit.
   */
  private static final long READ_CPU_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final long READ_WALL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** Bytes a single read may allocate, whatever the input claims. */
  private static final long ALLOCATION_LIMIT = LIMITS.maxHeapBytes();

  /** Files below this size are truncated at every length (once per structure, see below). */
  private static final int SMALL_FILE = 4096;

  private static final int BIT_FLIPS = 200;
  private static final int BYTE_CHANGES = 56;
  private static final int MAX_LENGTH_FIELDS = 48;

  /** How far past the end of the input a reported offset may point (a header being read). */
  private static final long OFFSET_SLACK = 16;

  private static final int THREADS = 2;
  private static final int MAX_REPORTED_FAILURES = 30;

  private static final com.sun.management.ThreadMXBean THREAD_BEAN =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final String NOT_DICOM = "not DICOM";
  private static final String RAW =
      "a data set without preamble and meta information: read only with a raw transfer syntax";

  /** The corpus files Ward refuses as they are, and why. */
  private static final Map<String, String> REFUSED_AS_THEY_ARE =
      Map.ofEntries(
          Map.entry("charset_files/FileInfo.txt", NOT_DICOM),
          Map.entry("test_files/README.txt", NOT_DICOM),
          Map.entry("test_files/dicomdirtests/README.txt", NOT_DICOM),
          Map.entry("test_files/dicomdirtests/TINY_ALPHA/README", NOT_DICOM),
          Map.entry("test_files/rtplan.dump", NOT_DICOM),
          Map.entry("test_files/rtstruct.dump", NOT_DICOM),
          Map.entry("test_files/test1.json", NOT_DICOM),
          Map.entry("test_files/test_PN.json", NOT_DICOM),
          Map.entry("test_files/zipMR.gz", NOT_DICOM),
          Map.entry("test_files/ExplVR_BigEndNoMeta.dcm", RAW),
          Map.entry("test_files/ExplVR_LitEndNoMeta.dcm", RAW),
          Map.entry("test_files/no_meta.dcm", RAW),
          Map.entry("test_files/rtstruct.dcm", RAW),
          Map.entry("test_files/MR_truncated.dcm", "truncated inside the pixel data"),
          Map.entry("test_files/rtplan_truncated.dcm", "truncated"),
          Map.entry(
              "test_files/dicomdirtests/DICOMDIR-nooffset",
              "its last directory record claims 248 bytes where 224 remain (pydicom and dcmtk"
                  + " read it leniently)"));

  @TempDir Path tmp;

  /** Where damaged copies are written for reading from a file. */
  private Path scratchDir;

  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong failureCount = new AtomicLong();
  private final Map<Thread, Probe> probes = new ConcurrentHashMap<>();
  private final Set<String> refusedOriginals = new ConcurrentSkipListSet<>();
  private final AtomicLong mutations = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong mostAllocated = new AtomicLong();
  private final AtomicLong mostCpu = new AtomicLong();

  /** Every file in pydicom's {@code test_files} and {@code charset_files}, DICOM or not. */
  static List<Path> corpusFiles() throws IOException {
    Path data = Oracles.pydicomDataDir();
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("test_files", "charset_files")) {
      try (Stream<Path> s = Files.walk(data.resolve(dir))) {
        s.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    assertThat(files).as("pydicom's test files in %s", data).hasSizeGreaterThan(100);
    return files;
  }

  /** A corpus file's path relative to pydicom's data folder. */
  static String label(Path corpusFile) {
    return Oracles.pydicomDataDir().relativize(corpusFile).toString();
  }

  @Test
  void damagedCorpusFilesAreReadOrRefusedWithOffsetAndReason() throws Exception {
    long t0 = System.nanoTime();
    long cpu0 = processCpuNanos();
    scratchDir = scratchDirectory();
    List<Path> files = corpusFiles();
    Set<Path> everyLength = truncatedAtEveryLength(files);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "corpus-mutation");
              t.setDaemon(true);
              return t;
            });
    List<Future<Boolean>> results = new ArrayList<>();
    for (Path f : files) {
      results.add(pool.submit(() -> mutateAndRead(f, everyLength.contains(f))));
    }
    pool.shutdown();
    watch(pool);

    long mutated = 0;
    for (Future<Boolean> r : results) {
      mutated += r.get() ? 1 : 0;
    }
    System.out.printf(
        "corpus mutation: %d files, %d read by Ward and mutated (%d of them truncated at every"
            + " length), %d refused as they are (with a DicomFormatException): %s%n"
            + "  %d mutations, %d reads: %d accepted, %d refused with DicomFormatException,"
            + " %d failures; most CPU for one read %.1f ms, most allocated by one read %d KiB;"
            + " %.1f s (%.1f s of CPU)%n",
        files.size(),
        mutated,
        everyLength.size(),
        refusedOriginals.size(),
        refusedOriginals,
        mutations.get(),
        reads.get(),
        accepted.get(),
        rejected.get(),
        failureCount.get(),
        mostCpu.get() / 1e6,
        mostAllocated.get() >> 10,
        (System.nanoTime() - t0) / 1e9,
        (processCpuNanos() - cpu0) / 1e9);
    if (failureCount.get() > 0) {
      fail(
          failureCount.get()
              + " reads broke the reader's contract (at most "
              + MAX_REPORTED_FAILURES
              + " shown):\n\n"
              + String.join("\n\n", failures));
    }
    assertThat(refusedOriginals)
        .as("corpus files Ward refuses as they are")
        .containsExactlyInAnyOrderElementsOf(REFUSED_AS_THEY_ARE.keySet());
  }

  /**
   * The small files to truncate at every length: one of each structure. Many corpus files are
   * copies of one another with other UIDs and names (the DICOMDIR test images); cutting each of
   * them at every length would read the same headers at the same places again. The others are cut
   * at spread lengths and around their element boundaries.
   */
  private static Set<Path> truncatedAtEveryLength(List<Path> files) {
    Set<String> structures = new HashSet<>();
    Set<Path> chosen = new HashSet<>();
    for (Path f : files) {
      try {
        if (Files.size(f) < SMALL_FILE
            && structures.add(structure(DicomReader.readFile(f, IN_MEMORY)))) {
          chosen.add(f);
        }
      } catch (IOException e) {
        // refused as it is: not mutated
      }
    }
    return chosen;
  }

  /** Tags and VRs, nested as they are, of a file's meta information and data set. */
  private static String structure(DicomFile f) {
    StringBuilder s = new StringBuilder(f.transferSyntax().toString());
    structure(f.fileMeta(), s);
    structure(f.dataSet(), s);
    return s.toString();
  }

  private static void structure(DataSet ds, StringBuilder s) {
    for (Element e : ds) {
      s.append(Tag.toHex(e.tag())).append(e.vr());
      if (e.value() instanceof Value.Sequence seq) {
        s.append('[');
        seq.items().forEach(item -> structure(item, s.append('(')));
        s.append(']');
      } else if (e.value() instanceof Value.Fragments fr) {
        s.append('#').append(fr.fragments().size());
      }
      s.append(' ');
    }
  }

  /** A folder on /dev/shm when the machine has one: rewriting a file on ext4 is slow. */
  private Path scratchDirectory() throws IOException {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return Files.createTempDirectory(shm, "ward-corpus-mutation-");
    }
    return tmp;
  }

  @AfterEach
  void removeScratchFiles() throws IOException {
    if (scratchDir != null && !scratchDir.equals(tmp)) {
      try (Stream<Path> s = Files.list(scratchDir)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(scratchDir);
    }
  }

  /** Waits for the pool, failing when any single read runs longer than the limits. */
  private void watch(ExecutorService pool) throws InterruptedException {
    while (!pool.awaitTermination(50, TimeUnit.MILLISECONDS)) {
      long now = System.nanoTime();
      for (Map.Entry<Thread, Probe> e : probes.entrySet()) {
        Thread worker = e.getKey();
        Probe p = e.getValue();
        long readNumber = p.readNumber.get();
        String what = p.what;
        long startedWall = p.startedWall;
        long startedCpu = p.startedCpu;
        if (what == null || startedWall == 0) {
          continue;
        }
        long cpu = THREAD_BEAN.getThreadCpuTime(worker.getId()) - startedCpu;
        boolean sameRead = p.readNumber.get() == readNumber;
        if (sameRead && (cpu > READ_CPU_LIMIT_NANOS || now - startedWall > READ_WALL_LIMIT_NANOS)) {
          StringBuilder trace = new StringBuilder();
          for (StackTraceElement s : worker.getStackTrace()) {
            trace.append("\n\tat ").append(s);
          }
          pool.shutdownNow();
          fail(
              "a read took "
                  + cpu / 1_000_000
                  + " ms of CPU and "
                  + (now - startedWall) / 1_000_000
                  + " ms in all: "
                  + what
                  + " (input in "
                  + p.input
                  + "); the reader was at:"
                  + trace);
        }
      }
    }
  }

  /** Returns whether Ward reads the original; only then is it mutated. */
  private boolean mutateAndRead(Path file, boolean everyLength) throws IOException {
    String name = label(file);
    byte[] original = Files.readAllBytes(file);
    Path scratch = scratchDir.resolve("scratch-" + Thread.currentThread().getId() + ".dcm");
    Outcome first = readBoth(name, "as it is", original, scratch, false);
    if (first == null) {
      return false; // already a failure
    }
    if (first.error != null) {
      refusedOriginals.add(name);
      return false;
    }
    TransferSyntax ts = first.file.transferSyntax();
    Part10Mutations.Sink sink =
        (description, damaged) -> {
          mutations.incrementAndGet();
          readBoth(name, description, damaged, scratch, ts.deflated());
        };
    Part10Layout layout = Part10Layout.scan(original, ts);
    Part10Mutations.truncations(original, layout, everyLength, sink);
    Part10Mutations.flips(original, name.hashCode(), BIT_FLIPS, BYTE_CHANGES, sink);
    Part10Mutations.lengthFields(original, layout, MAX_LENGTH_FIELDS, sink);
    return true;
  }

  /** What one read gave: a file, or a DicomFormatException. */
  private record Outcome(DicomFile file, DicomFormatException error) {}

  /**
   * Reads the input from memory and from a file; returns the in-memory outcome, or null when a read
   * broke the contract (recorded as a failure).
   */
  private Outcome readBoth(
      String name, String mutation, byte[] input, Path scratch, boolean deflated)
      throws IOException {
    Files.write(scratch, input);
    Outcome memory = read(name, mutation, input, scratch, false, deflated);
    Outcome file = read(name, mutation, input, scratch, true, deflated);
    if (memory == null || file == null) {
      return null;
    }
    if ((memory.error == null) != (file.error == null)) {
      failure(
          name,
          mutation,
          input,
          "read from memory "
              + (memory.error == null ? "succeeded" : "failed: " + memory.error.getMessage())
              + " but read from a file "
              + (file.error == null ? "succeeded" : "failed: " + file.error.getMessage()),
          null);
      return null;
    }
    if (memory.error == null && !sameContent(memory.file, file.file)) {
      failure(
          name, mutation, input, "reading from memory and from a file gave different data", null);
      return null;
    }
    return memory;
  }

  private static boolean sameContent(DicomFile a, DicomFile b) {
    return Arrays.equals(a.preamble(), b.preamble())
        && a.fileMeta().equals(b.fileMeta())
        && a.transferSyntax().equals(b.transferSyntax())
        && a.dataSet().equals(b.dataSet());
  }

  private Outcome read(
      String name,
      String mutation,
      byte[] input,
      Path scratch,
      boolean fromFile,
      boolean deflated) {
    Probe probe = probes.computeIfAbsent(Thread.currentThread(), t -> new Probe());
    probe.input = scratch;
    long allocatedBefore = THREAD_BEAN.getCurrentThreadAllocatedBytes();
    long cpuBefore = THREAD_BEAN.getCurrentThreadCpuTime();
    probe.startedCpu = cpuBefore;
    probe.startedWall = System.nanoTime();
    probe.what = name + ", " + mutation + ", read from " + (fromFile ? "a file" : "memory");
    probe.readNumber.incrementAndGet();
    reads.incrementAndGet();
    try {
      DicomFile f;
      if (fromFile) {
        f =
            DicomReader.readFile(
                scratch, IN_MEMORY.withBulkData(BULK_THRESHOLD, DicomReader.fileRegions(scratch)));
        checkBulkData(f.fileMeta(), scratch, input.length);
        checkBulkData(f.dataSet(), scratch, input.length);
        f =
            new DicomFile(
                f.preamble(), inMemory(f.fileMeta()), inMemory(f.dataSet()), f.transferSyntax());
      } else {
        f = DicomReader.read(new ByteArrayInputStream(input), IN_MEMORY);
      }
      accepted.incrementAndGet();
      return new Outcome(f, null);
    } catch (DicomFormatException e) {
      // offsets in a deflated data set count inflated bytes
      long maxOffset = (deflated ? LIMITS.maxInflatedBytes() : input.length) + OFFSET_SLACK;
      if (e.reason() == null || e.reason().isBlank()) {
        failure(name, mutation, input, "DicomFormatException without a reason", e);
        return null;
      }
      if (e.offset() < 0 || e.offset() > maxOffset) {
        failure(
            name,
            mutation,
            input,
            "DicomFormatException at offset " + e.offset() + " outside [0, " + maxOffset + "]",
            e);
        return null;
      }
      rejected.incrementAndGet();
      return new Outcome(null, e);
    } catch (Throwable t) {
      failure(name, mutation, input, "read from " + (fromFile ? "a file" : "memory") + " threw", t);
      return null;
    } finally {
      probe.what = null;
      probe.startedWall = 0;
      mostCpu.accumulateAndGet(THREAD_BEAN.getCurrentThreadCpuTime() - cpuBefore, Math::max);
      long allocated = THREAD_BEAN.getCurrentThreadAllocatedBytes() - allocatedBefore;
      mostAllocated.accumulateAndGet(allocated, Math::max);
      if (allocated > ALLOCATION_LIMIT) {
        failure(name, mutation, input, "one read allocated " + allocated + " bytes", null);
      }
    }
  }

  /** Bulk data references must lie inside the file they refer to. */
  private static void checkBulkData(DataSet ds, Path file, long length) {
    for (Element e : ds) {
      Value v = e.value();
      if (v instanceof Value.Sequence s) {
        s.items().forEach(item -> checkBulkData(item, file, length));
      } else if (v instanceof Value.Fragments fr) {
        fr.fragments().forEach(b -> checkRegion(e, b, file, length));
      } else {
        checkRegion(e, (Value.Binary) v, file, length);
      }
    }
  }

  private static void checkRegion(Element e, Value.Binary b, Path file, long length) {
    if (b instanceof BulkData bulk
        && (!bulk.file().equals(file) || bulk.offset() + bulk.length() > length)) {
      throw new AssertionError(
          "bulk data of " + Tag.toString(e.tag()) + " outside the file: " + bulk);
    }
  }

  /** The data set with every bulk data reference read into memory. */
  static DataSet inMemory(DataSet ds) throws IOException {
    DataSet.Builder b = DataSet.builder();
    for (Element e : ds) {
      Value v = e.value();
      if (v instanceof Value.Sequence s) {
        List<DataSet> items = new ArrayList<>();
        for (DataSet item : s.items()) {
          items.add(inMemory(item));
        }
        v = new Value.Sequence(items);
      } else if (v instanceof Value.Fragments fr) {
        List<Value.Binary> fragments = new ArrayList<>();
        for (Value.Binary f : fr.fragments()) {
          fragments.add(inMemory(f));
        }
        v = new Value.Fragments(fragments);
      } else {
        v = inMemory((Value.Binary) v);
      }
      b.add(e.tag(), e.vr(), v);
    }
    return b.build(ds.charset());
  }

  private static Value.Binary inMemory(Value.Binary v) throws IOException {
    return v instanceof BulkData bulk ? new Value.Bytes(bulk.readAll(Integer.MAX_VALUE)) : v;
  }

  private void failure(String name, String mutation, byte[] input, String problem, Throwable t) {
    long n = failureCount.incrementAndGet();
    if (n > MAX_REPORTED_FAILURES) {
      return;
    }
    String saved;
    try {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "ward-corpus-mutation");
      Files.createDirectories(dir);
      Path p = dir.resolve("failure-" + n + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_"));
      Files.write(p, input);
      saved = p.toString();
    } catch (IOException e) {
      saved = "(not saved: " + e.getMessage() + ")";
    }
    StringWriter trace = new StringWriter();
    if (t != null) {
      t.printStackTrace(new PrintWriter(trace));
    }
    failures.add(name + ", " + mutation + " (saved as " + saved + "): " + problem + "\n" + trace);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** What a worker thread is reading, and since when, for the watchdog. */
  private static final class Probe {
    /** Counts the reads of its worker thread. */
    final AtomicLong readNumber = new AtomicLong();

    volatile String what;
    volatile long startedWall;
    volatile long startedCpu;
    volatile Path input;
  }
}
