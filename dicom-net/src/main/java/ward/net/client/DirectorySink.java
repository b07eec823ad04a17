package ward.net.client;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.DicomFormatException;
import ward.dicom.DicomReader;
import ward.dicom.DicomWriter;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;

/**
 * Writes received instances as Part 10 files into one directory. A file is named {@code
 * <SOPInstanceUID>.dcm} only when the UID is digits and dots (at most 64) and the data set and the
 * command agree on it; otherwise, and when the name is taken, it gets a generated name. Nothing the
 * peer sends is used as a path. Each file is written under a temporary name, checked to be DICOM,
 * and only then given its name, so a broken transfer leaves nothing behind.
 */
public final class DirectorySink implements InstanceSink {

  /** A UID usable as a file name: numeric components separated by dots (PS3.5 9.1). */
  private static final Pattern SAFE_UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

  private final Path dir;
  private final List<Path> written = Collections.synchronizedList(new ArrayList<>());

  /** Creates the directory if needed. */
  public DirectorySink(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.dir = dir.toRealPath();
  }

  /** The files written so far, in order. */
  public List<Path> written() {
    synchronized (written) {
      return List.copyOf(written);
    }
  }

  @Override
  public int store(
      String sopClassUid, String sopInstanceUid, String transferSyntaxUid, InputStream data)
      throws IOException {
    Path part = Files.createTempFile(dir, ".ward-", ".part");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
        out.write(fileMeta(sopClassUid, sopInstanceUid, transferSyntaxUid));
        data.transferTo(out);
      }
      DicomFile d;
      try {
        d =
            DicomReader.readFile(
                part,
                ReadOptions.DEFAULT
                    .withStopBeforePixelData(true)
                    .withBulkData(1024, DicomReader.fileRegions(part)));
      } catch (DicomFormatException e) {
        return Status.CANNOT_UNDERSTAND;
      }
      Path target = place(part, nameFor(d.dataSet(), sopInstanceUid));
      written.add(target);
      return Status.SUCCESS;
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** Links the checked file under its name, or a generated one when that is taken. */
  private Path place(Path part, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path target = dir.resolve(attempt == 0 ? name : generatedName());
      try {
        Files.createLink(target, part); // fails, rather than replaces, when the name is taken
        return target;
      } catch (FileAlreadyExistsException taken) {
        if (attempt > 3) {
          throw taken;
        }
      } catch (UnsupportedOperationException noLinks) {
        return Files.move(part, target); // no REPLACE_EXISTING: never overwrites
      }
    }
  }

  /** The file name for an instance: its UID when that is safe and consistent, else generated. */
  static String nameFor(DataSet dataSet, String commandUid) {
    String uid = dataSet.getString(Tags.SOPInstanceUID);
    if (uid != null) {
      uid = uid.strip();
    }
    return isSafeUid(uid) && uid.equals(commandUid) ? uid + ".dcm" : generatedName();
  }

  static boolean isSafeUid(String uid) {
    return uid != null && uid.length() <= 64 && SAFE_UID.matcher(uid).matches();
  }

  private static String generatedName() {
    return "instance-" + UUID.randomUUID() + ".dcm";
  }

  /** The preamble, "DICM" and the file meta information group, without a data set. */
  static byte[] fileMeta(String sopClassUid, String sopInstanceUid, String transferSyntaxUid)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    DicomWriter.writeFile(
        out,
        DicomWriter.fileMetaFor(sopClassUid, sopInstanceUid, transferSyntaxUid),
        DataSet.EMPTY);
    // An empty data set may still leave bytes (a deflate trailer): keep the meta group only.
    byte[] file = out.toByteArray();
    return Arrays.copyOf(file, metaLength(file));
  }

  private static int metaLength(byte[] file) {
    // 128-byte preamble, "DICM", then (0002,0000) UL of 12 bytes holding the group's length.
    int groupLength =
        (file[140] & 0xFF)
            | (file[141] & 0xFF) << 8
            | (file[142] & 0xFF) << 16
            | (file[143] & 0xFF) << 24;
    return 144 + groupLength;
  }
}
