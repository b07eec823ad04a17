package ward.net.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.DicomFormatException;
import ward.dicom.DicomReader;
import ward.dicom.ReadOptions;
import ward.dicom.UID;
import ward.dicom.UidDictionary;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.pdu.PresentationContext;

/**
 * C-STORE as service class user (PS3.4 B; PS3.7 9.1.1, 9.3.1): several associations take files from
 * one queue; each file's data set goes from disk to the wire without being held in memory.
 */
final class StorageScu {

  /** Values above this stay in the file when a data set has to be re-encoded. */
  private static final long BULK_THRESHOLD = 64 * 1024;

  /** The native syntaxes a data set may be re-encoded into, preferred first. */
  private static final List<String> REENCODE_TARGETS =
      List.of(
          UID.ExplicitVRLittleEndian,
          UID.ImplicitVRLittleEndian,
          UID.DeflatedExplicitVRLittleEndian,
          UID.ExplicitVRBigEndian);

  private final DicomClient client;
  private final StoreJob job;
  private final StoreListener listener;
  private final ConcurrentLinkedQueue<StoreJob.Instance> queue;
  private final List<StoreResult> results = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong bytesStored = new AtomicLong();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicReference<IOException> lastFailure = new AtomicReference<>();

  StorageScu(DicomClient client, StoreJob job, StoreListener listener) {
    this.client = client;
    this.job = job;
    this.listener = listener;
    this.queue = new ConcurrentLinkedQueue<>(job.instances());
  }

  StoreReport run(int parallel) throws IOException {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel associations must be at least 1");
    }
    for (StoreJob.Unreadable u : job.unreadable()) {
      record(StoreResult.notSent(u.file(), null, u.reason()));
    }
    if (job.instances().isEmpty()) {
      return new StoreReport(results, 0, Duration.ZERO, 0);
    }
    List<Map.Entry<String, List<String>>> contexts = job.presentationContexts();
    int n = Math.min(parallel, job.instances().size());
    long start = System.nanoTime();
    if (n == 1) {
      work(contexts);
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          workers.add(pool.submit(() -> work(contexts)));
        }
        for (Future<?> w : workers) {
          w.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while storing", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a store worker failed", e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    if (opened.get() == 0 && lastFailure.get() != null) {
      throw lastFailure.get();
    }
    StoreJob.Instance left;
    while ((left = queue.poll()) != null) {
      IOException why = lastFailure.get();
      record(
          StoreResult.notSent(
              left.file(),
              left.sopInstanceUid(),
              "not sent: " + (why == null ? "no association left" : why.getMessage())));
    }
    return new StoreReport(results, bytesStored.get(), elapsed, opened.get());
  }

  /** One association's loop: takes files until the queue is empty or the association ends. */
  private void work(List<Map.Entry<String, List<String>>> contexts) {
    Association a;
    try {
      a = client.open(contexts, List.of());
    } catch (IOException e) {
      lastFailure.set(e);
      return;
    }
    opened.incrementAndGet();
    try (a) {
      StoreJob.Instance i;
      while ((i = queue.poll()) != null) {
        try {
          record(send(a, i));
        } catch (IOException e) {
          // The message may be half sent: this association is done; others carry on.
          a.abort();
          lastFailure.set(e);
          record(StoreResult.notSent(i.file(), i.sopInstanceUid(), e.getMessage()));
          return;
        }
      }
    } catch (IOException e) {
      lastFailure.set(e); // failed to release: every file was answered already
    }
  }

  private void record(StoreResult r) {
    results.add(r);
    listener.stored(r);
  }

  private StoreResult send(Association a, StoreJob.Instance i) throws IOException {
    if (!Files.isRegularFile(i.file()) || Files.size(i.file()) != i.size()) {
      return StoreResult.notSent(
          i.file(), i.sopInstanceUid(), "the file changed or went away after it was read");
    }
    int pc = -1;
    Association.DataWriter data = null;
    if (i.asLabelled()) {
      pc = a.contextFor(i.sopClassUid(), i.transferSyntaxUid());
      if (pc > 0) {
        data = copyOf(i);
      }
    }
    if (pc < 0) {
      pc = reencodingContext(a, i);
      if (pc < 0) {
        return StoreResult.notSent(
            i.file(),
            i.sopInstanceUid(),
            "the peer accepted no presentation context for "
                + nameOf(i.sopClassUid())
                + " in "
                + nameOf(i.transferSyntaxUid())
                + why(a, i.sopClassUid()));
      }
      try {
        DicomFile d =
            DicomReader.readFile(
                i.file(),
                ReadOptions.DEFAULT.withBulkData(
                    BULK_THRESHOLD, DicomReader.fileRegions(i.file())));
        data = Association.DataWriter.of(d.dataSet());
      } catch (DicomFormatException e) {
        return StoreResult.notSent(
            i.file(), i.sopInstanceUid(), "not valid DICOM: " + e.getMessage());
      }
    }
    int id = a.nextMessageId();
    DataSet command =
        Commands.request(Commands.C_STORE_RQ, id, i.sopClassUid(), true)
            .setInts(Commands.PRIORITY, VR.US, Commands.PRIORITY_MEDIUM)
            .setString(Commands.AFFECTED_SOP_INSTANCE_UID, VR.UI, i.sopInstanceUid())
            .build();
    String ts = a.transferSyntaxOf(pc);
    a.send(pc, command, data);
    DimseMessage rsp = Responses.expect(a, Commands.C_STORE_RSP, id);
    Responses.drain(rsp);
    int status = rsp.status();
    String problem = null;
    if (Status.kindOf(status) != Status.Kind.SUCCESS) {
      String comment = Responses.errorComment(rsp);
      problem =
          Status.describe(status) + (comment == null || comment.isEmpty() ? "" : ": " + comment);
    }
    StoreResult r = new StoreResult(i.file(), i.sopInstanceUid(), status, problem, ts);
    if (r.stored()) {
      bytesStored.addAndGet(i.size());
    }
    return r;
  }

  /** An accepted context that the data set can be re-encoded for, or -1. */
  private static int reencodingContext(Association a, StoreJob.Instance i) {
    List<String> targets =
        i.isNative() ? REENCODE_TARGETS : List.of(i.transferSyntaxUid()); // mislabelled, compressed
    for (String target : targets) {
      for (PresentationContext.Result r : a.results()) {
        if (r.accepted()
            && target.equals(r.transferSyntax())
            && i.sopClassUid().equals(a.abstractSyntaxOf(r.id()))) {
          return r.id();
        }
      }
    }
    return -1;
  }

  /** The data set as it is in the file, byte for byte. */
  private static Association.DataWriter copyOf(StoreJob.Instance i) {
    long length = i.size() - i.dataSetOffset();
    return (out, ts) -> {
      try (FileChannel ch = FileChannel.open(i.file(), StandardOpenOption.READ);
          InputStream in = Channels.newInputStream(ch.position(i.dataSetOffset()))) {
        byte[] buf = new byte[1 << 16];
        long left = length;
        while (left > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            throw new IOException(i.file() + " became shorter while it was being sent");
          }
          out.write(buf, 0, n);
          left -= n;
        }
      }
    };
  }

  /** Why a SOP class has no usable context, from the peer's answers. */
  private static String why(Association a, String sopClass) {
    for (PresentationContext.Result r : a.results()) {
      if (sopClass.equals(a.abstractSyntaxOf(r.id())) && !r.accepted()) {
        return " (" + PresentationContext.Result.describe(r.result()) + ")";
      }
    }
    return "";
  }

  private static String nameOf(String uid) {
    return UidDictionary.nameOf(uid);
  }
}
