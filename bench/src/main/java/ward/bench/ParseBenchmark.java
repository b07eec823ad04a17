package ward.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;

/**
 * Parsing throughput of {@link ward.dicom.DicomReader}: one operation parses every file of a file
 * set once (see {@link FileSet}), so bytes per second is operations per second times the set's
 * size, which {@code run-parse-benchmark} computes and prints beside pydicom and dcmtk.
 *
 * <p>The work directory comes in as a parameter: {@code -p dir=/tmp/ward-bench.xyz}. Reading the
 * 500 MiB multi-frame fully into memory is not a case: it measures memory bandwidth, not parsing,
 * and it is what Ward is built not to do; the {@link InMemory} cases cover the other sets.
 *
 * <p>Besides JMH's throughput, each trial prints the benchmark thread's CPU time per operation
 * ({@link CpuMeter}), as the benchmark thread runs every operation itself (JMH's default
 * synchronous iterations, one thread).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@State(Scope.Benchmark)
public class ParseBenchmark {

  @Param({"corpus", "ct", "multiframe"})
  public String set;

  @Param("")
  public String dir;

  private List<Path> files;
  private final CpuMeter cpu = new CpuMeter();

  @Setup
  public void setUp() {
    files = FileSet.load(workDir(dir), set).files();
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    cpu.start();
  }

  @TearDown(Level.Iteration)
  public void endIteration(IterationParams iteration) {
    cpu.stop(iteration);
  }

  @TearDown
  public void tearDown() {
    cpu.report();
  }

  /** Header only: stop before the pixel data. */
  @Benchmark
  public void header(Blackhole bh) throws IOException {
    parseAll(files, ParseMode.HEADER, bh);
    cpu.count();
  }

  /** Everything, bulk values left in the file as references. */
  @Benchmark
  public void bulk(Blackhole bh) throws IOException {
    parseAll(files, ParseMode.BULK, bh);
    cpu.count();
  }

  /** Everything in memory, for the file sets that fit comfortably. */
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Fork(
      value = 1,
      jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 4, time = 1)
  @State(Scope.Benchmark)
  public static class InMemory {
    @Param({"corpus", "ct"})
    public String set;

    @Param("")
    public String dir;

    private List<Path> files;
    private final CpuMeter cpu = new CpuMeter();

    @Setup
    public void setUp() {
      files = FileSet.load(workDir(dir), set).files();
    }

    @Setup(Level.Iteration)
    public void startIteration() {
      cpu.start();
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
      cpu.stop(iteration);
    }

    @TearDown
    public void tearDown() {
      cpu.report();
    }

    @Benchmark
    public void memory(Blackhole bh) throws IOException {
      parseAll(files, ParseMode.MEMORY, bh);
      cpu.count();
    }
  }

  static void parseAll(List<Path> files, ParseMode mode, Blackhole bh) throws IOException {
    for (Path f : files) {
      bh.consume(mode.read(f));
    }
  }

  static Path workDir(String dir) {
    if (dir.isEmpty()) {
      throw new IllegalArgumentException(
          "pass the work directory made by run-parse-benchmark: -p dir=DIR");
    }
    return Path.of(dir);
  }
}
