package ward.archive.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.dicom.Value;
import ward.dicom.testing.Oracles;

/** Instances the tests make, and the pydicom corpus files they read. */
final class TestInstances {
  static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
  static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
  static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

  private TestInstances() {}

  /** A file of pydicom's test corpus. */
  static Path corpus(String name) {
    return Oracles.pydicomDataDir().resolve("test_files").resolve(name);
  }

  /** The image pixel attributes of an invented secondary capture. */
  static DataSet.Builder image(
      int rows,
      int columns,
      int frames,
      int samples,
      String photometric,
      int bits,
      boolean signed) {
    DataSet.Builder b =
        DataSet.builder()
            .setString(Tags.SOPClassUID, VR.UI, SECONDARY_CAPTURE)
            .setString(Tags.SOPInstanceUID, VR.UI, "2.25.1234567890")
            .setString(Tags.PatientName, VR.PN, "Quill^Ada")
            .setInts(Tags.SamplesPerPixel, VR.US, samples)
            .setString(Tags.PhotometricInterpretation, VR.CS, photometric)
            .setInts(Tags.Rows, VR.US, rows)
            .setInts(Tags.Columns, VR.US, columns)
            .setInts(Tags.BitsAllocated, VR.US, bits)
            .setInts(Tags.BitsStored, VR.US, bits)
            .setInts(Tags.HighBit, VR.US, bits - 1)
            .setInts(Tags.PixelRepresentation, VR.US, signed ? 1 : 0);
    if (samples > 1) {
      b.setInts(Tags.PlanarConfiguration, VR.US, 0);
    }
    if (frames > 0) {
      b.setInts(Tags.NumberOfFrames, VR.IS, frames);
    }
    return b;
  }

  static Path write(Path file, DataSet ds, String transferSyntaxUid) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      DicomWriter.writeFile(
          out,
          DicomWriter.fileMetaFor(
              SECONDARY_CAPTURE, ds.getString(Tags.SOPInstanceUID), transferSyntaxUid),
          ds);
    }
    return file;
  }

  /**
   * Encapsulated pixel data: an offset table (may be empty) and the fragments, each padded to an
   * even length as PS3.5 A.4 requires.
   */
  static Value.Fragments fragments(byte[] offsetTable, List<byte[]> fragments) {
    List<Value.Binary> items = new ArrayList<>();
    items.add(new Value.Bytes(offsetTable));
    for (byte[] f : fragments) {
      items.add(new Value.Bytes(f.length % 2 == 0 ? f : java.util.Arrays.copyOf(f, f.length + 1)));
    }
    return new Value.Fragments(items);
  }

  /** A Basic Offset Table for frames made of the given fragments per frame. */
  static byte[] offsetTable(List<List<byte[]>> frames) {
    ByteBuffer b = ByteBuffer.allocate(4 * frames.size()).order(ByteOrder.LITTLE_ENDIAN);
    int offset = 0;
    for (List<byte[]> frame : frames) {
      b.putInt(offset);
      for (byte[] f : frame) {
        offset += 8 + f.length + f.length % 2;
      }
    }
    return b.array();
  }

  /** Fake JPEG frame data: SOI, {@code n} bytes of a pattern without markers, EOI. */
  static byte[] fakeJpeg(int n, int seed) {
    byte[] b = new byte[n + 4];
    b[0] = (byte) 0xFF;
    b[1] = (byte) 0xD8;
    for (int i = 0; i < n; i++) {
      b[2 + i] = (byte) ((i * 31 + seed * 7) % 251);
    }
    b[n + 2] = (byte) 0xFF;
    b[n + 3] = (byte) 0xD9;
    return b;
  }
}
