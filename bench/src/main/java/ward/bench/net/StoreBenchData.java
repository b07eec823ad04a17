package ward.bench.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import ward.bench.SyntheticImages;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.DicomReader;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;

/**
 * Writes {@code COUNT} distinct synthetic CT instances (invented data only) for the C-STORE
 * benchmark: the 512x512 16-bit CT of {@link SyntheticImages#writeCt}, each copy with its own SOP
 * Instance UID and instance number, spread round-robin over {@code GROUPS} subdirectories {@code
 * q0}, {@code q1}, … so that several storescu processes can each take one.
 *
 * <p>Usage: {@code java -cp ward-bench.jar ward.bench.net.StoreBenchData OUTPUT_DIR COUNT GROUPS}
 */
public final class StoreBenchData {

  /** A UUID-derived root (PS3.5 B.2) invented for these files. */
  private static final String ROOT = "2.25.123085123947192874628112394123871239";

  private StoreBenchData() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: StoreBenchData OUTPUT_DIR COUNT GROUPS");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    int count = Integer.parseInt(args[1]);
    int groups = Integer.parseInt(args[2]);
    if (count < 1 || count > 1_000_000 || groups < 1 || groups > 64) {
      throw new IllegalArgumentException("COUNT 1..1000000, GROUPS 1..64");
    }
    Path template = SyntheticImages.writeCt(dir.resolve("template.dcm"));
    DicomFile file = DicomReader.readFile(template);
    DataSet base = file.dataSet();
    long bytes = 0;
    for (int g = 0; g < groups; g++) {
      Files.createDirectories(dir.resolve("q" + g));
    }
    for (int i = 0; i < count; i++) {
      String sopInstance = ROOT + ".6." + (i + 1);
      DataSet ds =
          base.toBuilder()
              .setString(Tags.SOPInstanceUID, VR.UI, sopInstance)
              .setString(Tags.InstanceNumber, VR.IS, Integer.toString(i + 1))
              .build();
      DataSet meta =
          DicomWriter.fileMetaFor(UID.CTImageStorage, sopInstance, UID.ExplicitVRLittleEndian);
      Path target =
          dir.resolve("q" + (i % groups)).resolve(String.format(Locale.ROOT, "ct%06d.dcm", i));
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
        DicomWriter.writeFile(out, meta, ds);
      }
      bytes += Files.size(target);
    }
    Files.delete(template);
    System.out.printf(Locale.ROOT, "%d files, %d bytes in %s%n", count, bytes, dir);
  }
}
