package ward.archive.web;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;
import ward.dicom.testing.Oracles;

/** Test objects made by dcmtk's command-line tools, for invented patients. */
final class Dcmtk {
  private Dcmtk() {}

  /** A 64 × 48 RGB secondary capture made by img2dcm from a BMP drawn here. */
  static Path secondaryCapture(
      Path dir, String name, String patientName, String patientId, String studyDate)
      throws IOException {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 128);
      }
    }
    Path bmp = dir.resolve(name + ".bmp");
    ImageIO.write(image, "bmp", bmp.toFile());
    Path out = dir.resolve(name + ".dcm");
    Oracles.run(
        List.of(
            "img2dcm",
            "-i",
            "BMP",
            bmp.toString(),
            out.toString(),
            "-k",
            "PatientName=" + patientName,
            "-k",
            "PatientID=" + patientId,
            "-k",
            "StudyDate=" + studyDate,
            "-k",
            "Modality=OT"),
        null);
    return out;
  }

  /** A copy of {@code source} with new study, series and instance UIDs, relabelled by dcmodify. */
  static Path relabelled(
      Path dir, Path source, String name, String patientName, String patientId, String studyDate)
      throws IOException {
    Path out = dir.resolve(name + ".dcm");
    Files.copy(source, out, StandardCopyOption.REPLACE_EXISTING);
    Oracles.run(
        List.of(
            "dcmodify",
            "-nb",
            "-gst",
            "-gse",
            "-gin",
            "-ma",
            "PatientName=" + patientName,
            "-ma",
            "PatientID=" + patientId,
            "-ma",
            "StudyDate=" + studyDate,
            out.toString()),
        null);
    return out;
  }
}
