package ward.archive.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import ward.archive.index.Index;
import ward.archive.index.IndexException;
import ward.archive.index.StoredInstance;
import ward.archive.storage.BlobStore;
import ward.archive.storage.TamperedObjectException;

/**
 * Re-checks stored objects against what was recorded at ingest: each object is read whole (which
 * authenticates every segment of an encrypted object) and its SHA-256 compared with the digest the
 * index holds. Runs over every instance ({@link #all}), a random sample ({@link #sample}), or the
 * next part of a rolling pass ({@link #next}) that a scheduled job repeats, so every object is
 * re-checked within a known period.
 */
public final class IntegrityCheck {
  private static final int PAGE = 500;

  /** What a check found for one object. */
  public enum Verdict {
    /** Read whole, authenticated, and its digest is the one recorded. */
    INTACT,
    /** Read whole, but its digest differs from the one recorded. */
    CHANGED,
    /** Authenticated decryption refused it, or it is malformed: changed, cut or replaced. */
    TAMPERED,
    /** The object or its data key is gone. */
    MISSING
  }

  /** One object's result. */
  public record Finding(StoredInstance instance, Verdict verdict, String detail) {
    public boolean intact() {
      return verdict == Verdict.INTACT;
    }
  }

  /** The result of a pass. */
  public record Report(long checked, List<Finding> problems) {
    public boolean clean() {
      return problems.isEmpty();
    }
  }

  private final Index index;
  private final BlobStore blobs;
  private String cursor; // the rolling pass's position: the last SOP Instance UID checked

  public IntegrityCheck(Index index, BlobStore blobs) {
    this.index = Objects.requireNonNull(index);
    this.blobs = Objects.requireNonNull(blobs);
  }

  /** Checks one object. */
  public Finding check(StoredInstance instance) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    long size = 0;
    try (InputStream in = blobs.open(instance.blob())) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
        size += n;
      }
    } catch (TamperedObjectException e) {
      return new Finding(instance, Verdict.TAMPERED, e.getMessage());
    } catch (NoSuchFileException e) {
      return new Finding(instance, Verdict.MISSING, "no object or no data key: " + e.getMessage());
    } catch (IOException e) {
      return new Finding(instance, Verdict.MISSING, "unreadable: " + e.getMessage());
    }
    if (!MessageDigest.isEqual(sha256.digest(), instance.sha256())) {
      return new Finding(instance, Verdict.CHANGED, "its SHA-256 differs from the one recorded");
    }
    if (size != instance.size()) {
      return new Finding(
          instance,
          Verdict.CHANGED,
          "it holds " + size + " bytes, " + instance.size() + " recorded");
    }
    return new Finding(instance, Verdict.INTACT, "");
  }

  /** Checks every indexed instance; {@code each} sees every finding as it is made. */
  public Report all(Consumer<Finding> each) throws IndexException {
    long checked = 0;
    List<Finding> problems = new ArrayList<>();
    String after = null;
    while (true) {
      List<StoredInstance> page = index.instancesAfter(after, PAGE);
      for (StoredInstance i : page) {
        checked++;
        record(check(i), each, problems);
      }
      if (page.size() < PAGE) {
        return new Report(checked, problems);
      }
      after = page.get(page.size() - 1).sopInstanceUid();
    }
  }

  /** Checks {@code n} instances chosen at random (all of them when there are fewer). */
  public Report sample(int n, Random random, Consumer<Finding> each) throws IndexException {
    // reservoir sampling over the pages, so the choice is uniform without counting first
    List<StoredInstance> chosen = new ArrayList<>();
    long seen = 0;
    String after = null;
    while (true) {
      List<StoredInstance> page = index.instancesAfter(after, PAGE);
      for (StoredInstance i : page) {
        seen++;
        if (chosen.size() < n) {
          chosen.add(i);
        } else {
          long j = (long) (random.nextDouble() * seen);
          if (j < n) {
            chosen.set((int) j, i);
          }
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      after = page.get(page.size() - 1).sopInstanceUid();
    }
    List<Finding> problems = new ArrayList<>();
    for (StoredInstance i : chosen) {
      record(check(i), each, problems);
    }
    return new Report(chosen.size(), problems);
  }

  /**
   * Checks the next {@code n} instances of a rolling pass over the whole index, starting again from
   * the first once the last was checked.
   */
  public synchronized Report next(int n, Consumer<Finding> each) throws IndexException {
    List<StoredInstance> batch = new ArrayList<>(index.instancesAfter(cursor, n));
    if (batch.size() < n && cursor != null) {
      cursor = null; // wrapped around
      for (StoredInstance i : index.instancesAfter(null, n - batch.size())) {
        if (batch.stream().noneMatch(b -> b.sopInstanceUid().equals(i.sopInstanceUid()))) {
          batch.add(i);
        }
      }
    }
    List<Finding> problems = new ArrayList<>();
    for (StoredInstance i : batch) {
      record(check(i), each, problems);
      cursor = i.sopInstanceUid();
    }
    return new Report(batch.size(), problems);
  }

  private static void record(Finding f, Consumer<Finding> each, List<Finding> problems) {
    each.accept(f);
    if (!f.intact()) {
      problems.add(f);
    }
  }
}
