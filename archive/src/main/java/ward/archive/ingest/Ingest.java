package ward.archive.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ward.archive.db.Transactions;
import ward.archive.index.DuplicatePolicy;
import ward.archive.index.Index;
import ward.archive.index.IndexException;
import ward.archive.index.IndexedInstance;
import ward.archive.index.StoreOutcome;
import ward.archive.index.StoredInstance;
import ward.archive.storage.BlobStore;
import ward.archive.storage.BlobWriter;
import ward.dicom.DataSet;
import ward.dicom.DicomFormatException;
import ward.dicom.DicomReader;
import ward.dicom.DicomWriter;
import ward.dicom.Part10Head;
import ward.dicom.ReadLimits;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;
import ward.dicom.Value;

/**
 * The one ingest pipeline: C-STORE and STOW-RS both end here. An instance is written to the blob
 * store as it streams in (a zeroed preamble and Ward's own file meta information, then the data set
 * exactly as received), its header is parsed on the way, checked, the object made durable, and only
 * then indexed. A failure at any step leaves nothing visible: the object is discarded, or, after a
 * crash between commit and index, it is an unreferenced object no query can reach.
 */
public final class Ingest {
  private static final Logger LOG = LoggerFactory.getLogger("ward.archive.ingest");

  /** Header parsing is bounded well below the data set limits: bulk values are not kept. */
  private static final ReadLimits HEADER_LIMITS =
      ReadLimits.DEFAULT.withMaxHeapBytes(64L << 20).withMaxElements(200_000);

  /** Binary values longer than this are checked and passed through, not kept. */
  private static final long BULK_THRESHOLD = 1 << 10;

  /**
   * The transfer syntaxes instances are accepted in, preferred first: stored as received, never
   * converted, so every syntax whose data set can be parsed is taken (encapsulated pixel data is
   * kept as it is).
   */
  public static final List<String> TRANSFER_SYNTAXES =
      List.of(
          UID.ExplicitVRLittleEndian,
          UID.ImplicitVRLittleEndian,
          UID.DeflatedExplicitVRLittleEndian,
          UID.ExplicitVRBigEndian,
          UID.JPEGBaseline8Bit,
          UID.JPEGExtended12Bit,
          UID.JPEGLossless,
          UID.JPEGLosslessSV1,
          UID.JPEGLSLossless,
          UID.JPEGLSNearLossless,
          UID.JPEG2000Lossless,
          UID.JPEG2000,
          UID.RLELossless,
          UID.MPEG2MPML,
          UID.MPEG4HP41,
          UID.HEVCMP51);

  /** A data set rewritten for minimization is read whole; larger ones are refused. */
  private static final ReadLimits REWRITE_LIMITS = ReadLimits.DEFAULT.withMaxHeapBytes(512L << 20);

  private final BlobStore blobs;
  private final Index index;
  private final DuplicatePolicy duplicates;
  private final Safeguards safeguards;
  private final Clock clock;
  private final Transactions units;

  /** An ingest that refuses objects with executable preambles and minimizes nothing. */
  public Ingest(BlobStore blobs, Index index, DuplicatePolicy duplicates, Clock clock) {
    this(blobs, index, duplicates, Safeguards.REFUSE_EXECUTABLES, clock);
  }

  public Ingest(
      BlobStore blobs,
      Index index,
      DuplicatePolicy duplicates,
      Safeguards safeguards,
      Clock clock) {
    this(blobs, index, duplicates, safeguards, clock, null);
  }

  /**
   * An ingest whose instances are each kept in one unit of {@code units}: the object's data key,
   * its index entry and what the caller records alongside (its audit record) commit together, when
   * the blob store, the index and the audit trail write through the same {@code units}. Without
   * units (null), each of them commits on its own.
   */
  public Ingest(
      BlobStore blobs,
      Index index,
      DuplicatePolicy duplicates,
      Safeguards safeguards,
      Clock clock,
      Transactions units) {
    this.units = units;
    this.blobs = Objects.requireNonNull(blobs);
    this.index = Objects.requireNonNull(index);
    this.duplicates = Objects.requireNonNull(duplicates);
    this.safeguards = Objects.requireNonNull(safeguards);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Stores a data set without file meta information, as C-STORE delivers it.
   *
   * @param sopClassUid the SOP class the request announced
   * @param sopInstanceUid the SOP instance the request announced
   * @param transferSyntaxUid the data set's transfer syntax
   * @param source who stores it (a user name or AE title), recorded with the instance
   */
  public Stored storeDataSet(
      String sopClassUid,
      String sopInstanceUid,
      String transferSyntaxUid,
      InputStream dataSet,
      String source)
      throws IngestException {
    return storeDataSet(sopClassUid, sopInstanceUid, transferSyntaxUid, dataSet, source, s -> {});
  }

  /**
   * Stores a data set as {@link #storeDataSet(String, String, String, InputStream, String)} does,
   * and runs {@code alongside} once the instance is indexed, in the same unit of work: what it
   * records (the instance's audit record) commits with the index entry or not at all. It is not run
   * for an instance that is refused.
   */
  public Stored storeDataSet(
      String sopClassUid,
      String sopInstanceUid,
      String transferSyntaxUid,
      InputStream dataSet,
      String source,
      Consumer<Stored> alongside)
      throws IngestException {
    if (!Uids.valid(sopClassUid) || !Uids.valid(sopInstanceUid)) {
      throw new IngestException(
          IngestException.Reason.INVALID, "the affected SOP class or instance UID is ill-formed");
    }
    TransferSyntax ts = TransferSyntax.of(transferSyntaxUid);
    DataSet meta = DicomWriter.fileMetaFor(sopClassUid, sopInstanceUid, transferSyntaxUid);
    try (BlobWriter writer = blobs.create()) {
      MessageDigest sha256 = sha256();
      OutputStream out = new DigestOutputStream(writer.stream(), sha256);
      DicomWriter.writeFileHead(out, meta);
      DataSet header = readHeader(dataSet, out, ts);
      check(header, sopClassUid, sopInstanceUid);
      out.flush();
      long size = writer.seal();
      Minimization minimization = safeguards.minimization();
      if (minimization != null && minimization.needed(header)) {
        // The object as received lived only until now; its data key is destroyed with it.
        writer.commit();
        try {
          return storeMinimized(writer, meta, sopInstanceUid, source, alongside);
        } finally {
          blobs.delete(writer.key());
        }
      }
      return record(header, transferSyntaxUid, writer, size, sha256.digest(), source, alongside);
    } catch (IOException e) {
      // The operator's cue: a full disk or a failing one (the client gets out of resources).
      LOG.warn("instance {} from {} not stored: {}", sopInstanceUid, source, e.getMessage());
      throw new IngestException(
          IngestException.Reason.STORAGE_FAILURE, "could not store: " + e.getMessage(), e);
    }
  }

  /**
   * Stores a Part 10 object (STOW-RS, import). Its preamble is not kept (Ward writes a zeroed one)
   * and its file meta information is replaced by Ward's, keeping the transfer syntax. A preamble
   * that holds an executable is reported, and by the {@link PreamblePolicy} either zeroed like any
   * other or refused, the object then kept byte for byte in the quarantine.
   */
  public Stored storePart10(InputStream part10, String source) throws IngestException {
    java.io.ByteArrayOutputStream headBytes = new java.io.ByteArrayOutputStream(512);
    Part10Head head;
    try {
      head = Part10Head.read(new Tee(part10, headBytes));
    } catch (DicomFormatException e) {
      throw new IngestException(IngestException.Reason.MALFORMED, e.getMessage(), e);
    } catch (IOException e) {
      throw new IngestException(
          IngestException.Reason.MALFORMED, "could not read the file meta information", e);
    }
    // the preamble and what followed it, for a PE header past the preamble
    Preamble preamble = Preamble.of(headBytes.toByteArray());
    if (preamble.executable()) {
      refuseOrZero(preamble, head, headBytes.toByteArray(), part10, source);
    }
    return storeDataSet(
        head.sopClassUid(),
        head.sopInstanceUid(),
        head.transferSyntaxUid(),
        head.dataSet(part10),
        source);
  }

  /** Stores a minimized copy of the object {@code received} wrote. */
  private Stored storeMinimized(
      BlobWriter received,
      DataSet meta,
      String sopInstanceUid,
      String source,
      Consumer<Stored> alongside)
      throws IngestException, IOException {
    DataSet full;
    try (InputStream in = blobs.open(received.key())) {
      full = DicomReader.read(in, ReadOptions.DEFAULT.withLimits(REWRITE_LIMITS)).dataSet();
    } catch (DicomFormatException e) {
      throw new IngestException(
          IngestException.Reason.INVALID,
          "it holds identifiers that must be removed, and it is too large to rewrite: "
              + e.getMessage(),
          e);
    }
    List<Minimization.Change> changes = new ArrayList<>();
    DataSet minimized = safeguards.minimization().apply(full, safeguards.pseudonyms(), changes);
    try (BlobWriter writer = blobs.create()) {
      MessageDigest sha256 = sha256();
      OutputStream out = new DigestOutputStream(writer.stream(), sha256);
      DicomWriter.writeFile(out, meta, minimized);
      out.flush();
      long size = writer.seal();
      Stored stored =
          record(
              withoutBulk(minimized),
              meta.getString(Tags.TransferSyntaxUID),
              writer,
              size,
              sha256.digest(),
              source,
              s -> alongside.accept(new Stored(s.instance(), s.duplicate(), true)));
      safeguards
          .events()
          .minimized(
              new IngestEvents.Minimized(
                  source,
                  stored.instance().studyInstanceUid(),
                  sopInstanceUid,
                  stored.instance().patientId(),
                  List.copyOf(changes)));
      return new Stored(stored.instance(), stored.duplicate(), true);
    }
  }

  /** The data set as the header parse gives it: binary values over the threshold left out. */
  private static DataSet withoutBulk(DataSet ds) {
    DataSet.Builder b = ds.toBuilder();
    for (var e : ds) {
      boolean bulk =
          e.value() instanceof Value.Fragments
              || e.value() instanceof Value.Bytes v
                  && e.vr().isBulkCapable()
                  && v.bytes().length > BULK_THRESHOLD;
      if (bulk || e.tag() == Tags.PixelData) {
        b.remove(e.tag());
      }
    }
    return b.build();
  }

  private void refuseOrZero(
      Preamble preamble, Part10Head head, byte[] recorded, InputStream rest, String source)
      throws IngestException {
    String reason = "the Part 10 preamble holds a " + preamble.description();
    IngestEvents events = safeguards.events();
    Quarantine quarantine = safeguards.quarantine();
    if (safeguards.preambles() == PreamblePolicy.ZERO) {
      events.executablePreamble(
          new IngestEvents.ExecutablePreamble(
              preamble, source, head.sopClassUid(), head.sopInstanceUid(), null, false));
      return;
    }
    Quarantine.Entry kept = null;
    try {
      if (quarantine != null) {
        kept =
            quarantine.keep(
                recorded, rest, source, head.sopClassUid(), head.sopInstanceUid(), reason);
      }
    } catch (IOException e) {
      throw new IngestException(
          IngestException.Reason.QUARANTINED,
          reason + "; refused (it could not be kept in quarantine: " + e.getMessage() + ")",
          e);
    } finally {
      events.executablePreamble(
          new IngestEvents.ExecutablePreamble(
              preamble,
              source,
              head.sopClassUid(),
              head.sopInstanceUid(),
              kept == null ? null : kept.object(),
              true));
    }
    throw new IngestException(
        IngestException.Reason.QUARANTINED,
        reason + "; refused" + (kept == null ? "" : " and kept in quarantine as " + kept.object()));
  }

  /**
   * Copies the data set to {@code out} while parsing its header (everything before the pixel data,
   * bulk values skipped), then copies the rest unparsed.
   */
  private static DataSet readHeader(InputStream dataSet, OutputStream out, TransferSyntax ts)
      throws IngestException, IOException {
    Set<Integer> skipped = new HashSet<>();
    ReadOptions options =
        ReadOptions.DEFAULT
            .withLimits(HEADER_LIMITS)
            .withRawTransferSyntax(ts)
            .withBulkData(
                BULK_THRESHOLD,
                (location, value) -> {
                  value.transferTo(OutputStream.nullOutputStream());
                  skipped.add(location.tag());
                  return new Value.Bytes(new byte[0]);
                });
    DataSet header;
    try {
      header = DicomReader.read(new Tee(dataSet, out), options).dataSet();
    } catch (DicomFormatException e) {
      throw new IngestException(
          IngestException.Reason.MALFORMED, "malformed data set: " + e.getMessage(), e);
    }
    dataSet.transferTo(out);
    if (skipped.isEmpty()) {
      return header;
    }
    DataSet.Builder b = header.toBuilder();
    for (int tag : skipped) {
      b.remove(tag);
    }
    return b.build();
  }

  private static void check(DataSet header, String sopClassUid, String sopInstanceUid)
      throws IngestException {
    String instance = header.getString(Tags.SOPInstanceUID);
    String sopClass = header.getString(Tags.SOPClassUID);
    if (instance == null || !instance.strip().equals(sopInstanceUid)) {
      throw new IngestException(
          IngestException.Reason.MISMATCH,
          "the data set's SOP Instance UID differs from the one announced");
    }
    if (sopClass == null || !sopClass.strip().equals(sopClassUid)) {
      throw new IngestException(
          IngestException.Reason.MISMATCH,
          "the data set's SOP Class UID differs from the one announced");
    }
    requireUid(header, Tags.StudyInstanceUID, "Study Instance UID");
    requireUid(header, Tags.SeriesInstanceUID, "Series Instance UID");
  }

  private static void requireUid(DataSet header, int tag, String name) throws IngestException {
    String uid = header.getString(tag);
    if (uid == null || uid.isBlank()) {
      throw new IngestException(IngestException.Reason.INVALID, name + " is missing");
    }
    if (!Uids.valid(uid.strip())) {
      throw new IngestException(IngestException.Reason.INVALID, name + " is not a valid UID");
    }
  }

  /**
   * Keeps the sealed object and indexes it in one unit of work, with {@code alongside}; then
   * deletes whichever object the duplicate policy leaves unreferenced.
   */
  private Stored record(
      DataSet header,
      String transferSyntaxUid,
      BlobWriter writer,
      long size,
      byte[] sha256,
      String source,
      Consumer<Stored> alongside)
      throws IngestException, IOException {
    IndexedInstance indexed =
        new IndexedInstance(
            header, transferSyntaxUid, writer.key(), size, sha256, clock.instant(), source);
    StoredInstance stored =
        new StoredInstance(
            header.getString(Tags.PatientID, ""),
            header.getString(Tags.StudyInstanceUID).strip(),
            header.getString(Tags.SeriesInstanceUID).strip(),
            header.getString(Tags.SOPInstanceUID).strip(),
            header.getString(Tags.SOPClassUID).strip(),
            transferSyntaxUid,
            writer.key(),
            size,
            sha256);
    StoreOutcome outcome;
    try {
      outcome = inOneUnit(() -> keepAndIndex(writer, indexed, stored, alongside));
    } catch (IndexException | SQLException | RuntimeException e) {
      LOG.warn("instance from {} not indexed: {}", source, e.getMessage());
      blobs.delete(writer.key());
      throw new IngestException(
          IngestException.Reason.STORAGE_FAILURE, "could not index: " + e.getMessage(), e);
    } catch (IOException e) {
      blobs.delete(writer.key());
      throw e;
    }
    switch (outcome.kind()) {
      case STORED:
        return new Stored(stored, false, false);
      case REPLACED:
        if (outcome.replaced() != null) {
          blobs.delete(outcome.replaced().blob());
        }
        return new Stored(stored, true, false);
      case KEPT_EXISTING:
        blobs.delete(writer.key());
        return new Stored(stored, true, false);
      case REJECTED_DUPLICATE:
      default:
        blobs.delete(writer.key());
        throw new IngestException(
            IngestException.Reason.DUPLICATE, "this SOP Instance UID is already stored");
    }
  }

  private StoreOutcome keepAndIndex(
      BlobWriter writer, IndexedInstance indexed, StoredInstance stored, Consumer<Stored> alongside)
      throws IOException, IndexException {
    writer.commit();
    StoreOutcome outcome = index.record(indexed, duplicates);
    switch (outcome.kind()) {
      case STORED -> alongside.accept(new Stored(stored, false, false));
      case REPLACED, KEPT_EXISTING -> alongside.accept(new Stored(stored, true, false));
      default -> {
        // refused: the caller records the refusal
      }
    }
    return outcome;
  }

  /** One step that keeps and indexes an instance. */
  private interface Step {
    StoreOutcome run() throws IOException, IndexException;
  }

  /** Runs the step in a unit of work when there are units, as it is otherwise. */
  private StoreOutcome inOneUnit(Step step) throws IOException, IndexException, SQLException {
    if (units == null) {
      return step.run();
    }
    try {
      return units.<StoreOutcome, Exception>run(c -> step.run());
    } catch (IOException | IndexException | SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("a step threw what it does not declare", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Writes every byte read through it. It extends InputStream, not FilterInputStream, so that
   * {@code skip} reads (and so copies) what it skips instead of skipping the source.
   */
  private static final class Tee extends InputStream {
    private final InputStream in;
    private final OutputStream copy;

    Tee(InputStream in, OutputStream copy) {
      this.in = in;
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, n);
      }
      return n;
    }
  }
}
