package ward.net.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.DicomWriter;
import ward.dicom.Element;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.VR;
import ward.dicom.Value;

/**
 * A small archive for the tests: C-STORE copies each data set to a file with a generated name
 * (never a UID), C-FIND answers at STUDY level from an in-memory list, C-GET and C-MOVE retrieve a
 * study's stored instances.
 */
final class TestArchive implements StoreHandler, FindHandler, RetrieveHandler {

  /** One stored instance. */
  record Stored(
      String sopClassUid,
      String sopInstanceUid,
      String transferSyntaxUid,
      Path file,
      String studyUid,
      Principal storedBy,
      String moveOriginator) {}

  private final Path dir;
  private final AtomicInteger counter = new AtomicInteger();
  final List<Stored> stored = new CopyOnWriteArrayList<>();
  final List<DataSet> studies = new CopyOnWriteArrayList<>();
  final List<Principal> callers = new CopyOnWriteArrayList<>();
  final AtomicInteger closedQueries = new AtomicInteger();
  volatile long millisPerMatch;
  volatile long millisPerInstance;

  TestArchive(Path dir) {
    this.dir = dir;
  }

  /** Adds an instance as if it had been stored in explicit VR little endian. */
  Stored add(DataSet ds) throws IOException {
    Path file = dir.resolve(String.format("object-%06d.bin", counter.incrementAndGet()));
    try (OutputStream out = Files.newOutputStream(file)) {
      DicomWriter.writeDataSet(out, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }
    Stored s =
        new Stored(
            ds.getString(Tags.SOPClassUID),
            ds.getString(Tags.SOPInstanceUID),
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            file,
            ds.getString(Tags.StudyInstanceUID),
            null,
            null);
    stored.add(s);
    addStudy(ds);
    return s;
  }

  /** Adds a study record for C-FIND, unless the study is known. */
  void addStudy(DataSet header) {
    String study = header.getString(Tags.StudyInstanceUID);
    if (studies.stream().noneMatch(s -> study.equals(s.getString(Tags.StudyInstanceUID)))) {
      studies.add(
          DataSet.builder()
              .setString(Tags.StudyInstanceUID, VR.UI, study)
              .setString(Tags.PatientName, VR.PN, header.getString(Tags.PatientName, ""))
              .setString(Tags.PatientID, VR.LO, header.getString(Tags.PatientID, ""))
              .setString(Tags.StudyDate, VR.DA, header.getString(Tags.StudyDate, ""))
              .build());
    }
  }

  @Override
  public Status store(StoreRequest rq, InputStream dataSet) throws IOException {
    Path file = dir.resolve(String.format("object-%06d.bin", counter.incrementAndGet()));
    Files.copy(dataSet, file);
    DataSet header;
    try (InputStream in = Files.newInputStream(file)) {
      header =
          DicomReader.read(
                  in,
                  ReadOptions.DEFAULT
                      .withRawTransferSyntax(TransferSyntax.of(rq.transferSyntaxUid()))
                      .withStopBeforePixelData(true))
              .dataSet();
    }
    if (!rq.sopInstanceUid().equals(header.getString(Tags.SOPInstanceUID))) {
      Files.delete(file);
      return Status.of(Status.DOES_NOT_MATCH_SOP_CLASS, "SOP Instance UID differs");
    }
    String study = header.getString(Tags.StudyInstanceUID);
    stored.add(
        new Stored(
            rq.sopClassUid(),
            rq.sopInstanceUid(),
            rq.transferSyntaxUid(),
            file,
            study,
            rq.association().principal(),
            rq.moveOriginatorAe()));
    addStudy(header);
    return Status.OK;
  }

  @Override
  public Matches find(DimseRequest rq, DataSet identifier) throws DimseException {
    callers.add(rq.association().principal());
    if (!"STUDY".equals(identifier.getString(Tags.QueryRetrieveLevel))) {
      throw new DimseException(Status.DOES_NOT_MATCH_SOP_CLASS, "only STUDY level");
    }
    List<DataSet> snapshot = new ArrayList<>(studies);
    Stream<DataSet> matches =
        snapshot.stream()
            .filter(study -> matches(identifier, study))
            .map(study -> answer(identifier, study))
            .peek(m -> pause())
            .onClose(closedQueries::incrementAndGet);
    return Matches.of(matches);
  }

  private void pause() {
    pause(millisPerMatch);
  }

  private static void pause(long ms) {
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Single-valued matching with '*' and '?' wildcards on the keys the study record has. */
  private static boolean matches(DataSet identifier, DataSet study) {
    for (int tag : new int[] {Tags.PatientName, Tags.PatientID, Tags.StudyInstanceUID}) {
      String key = identifier.getString(tag);
      if (key == null || key.isEmpty() || "*".equals(key)) {
        continue;
      }
      String value = study.getString(tag, "");
      String regex = Pattern.quote(key).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
      if (!value.matches(regex)) {
        return false;
      }
    }
    return true;
  }

  /** The identifier's keys with the study's values. */
  private static DataSet answer(DataSet identifier, DataSet study) {
    DataSet.Builder b = DataSet.builder();
    for (Element e : identifier) {
      Element value = study.get(e.tag());
      b.add(value != null ? value : new Element(e.tag(), e.vr(), Value.EMPTY));
    }
    b.setString(Tags.QueryRetrieveLevel, VR.CS, "STUDY");
    return b.build();
  }

  @Override
  public List<Instance> retrieve(DimseRequest rq, DataSet identifier) throws DimseException {
    callers.add(rq.association().principal());
    String study = identifier.getString(Tags.StudyInstanceUID);
    if (study == null || study.isEmpty()) {
      throw new DimseException(Status.DOES_NOT_MATCH_SOP_CLASS, "no Study Instance UID");
    }
    List<Instance> out = new ArrayList<>();
    for (Stored s : stored) {
      if (study.equals(s.studyUid())) {
        out.add(
            new Instance(
                s.sopClassUid(),
                s.sopInstanceUid(),
                s.transferSyntaxUid(),
                () -> {
                  pause(millisPerInstance);
                  return Files.newInputStream(s.file());
                }));
      }
    }
    return out;
  }
}
