package ward.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DicomReaderTest {

  @TempDir Path tmp;

  static DataSet sample(byte[] pixels) {
    DataSet item =
        DataSet.builder()
            .setString(0x00081150, VR.UI, "1.2.840.10008.5.1.4.1.1.2")
            .setString(0x00081155, VR.UI, "1.2.3.4.5.6")
            .build();
    return DataSet.builder()
        .setString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 100")
        .setString(0x00080016, VR.UI, "1.2.840.10008.5.1.4.1.1.2")
        .setString(0x00080018, VR.UI, "1.2.3.4.5.6.7")
        .setString(0x00080020, VR.DA, "20250131")
        .setString(0x00080030, VR.TM, "101530.25")
        .setString(0x00100010, VR.PN, "Müller^Jürgen")
        .setString(0x00100020, VR.LO, "SYN-0001")
        .setString(0x00181050, VR.DS, "0.5", "-12.25")
        .setInts(0x00280010, VR.US, 4)
        .setInts(0x00280011, VR.US, 4)
        .setInts(0x00200013, VR.IS, -1024)
        .setDoubles(0x00189087, VR.FD, 1.5e3)
        .setInts(0x00209057, VR.UL, 0xFFFFFFF0L)
        .setInts(0x00189219, VR.SS, -7, 8)
        .setTags(0x00209165, 0x00100010, 0x7FE00010)
        .setSequence(0x00081115, List.of(item, DataSet.EMPTY))
        .setBytes(Tag.PIXEL_DATA, VR.OW, pixels)
        .build();
  }

  static byte[] pixels(int n) {
    ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putShort((short) (i * 37));
    }
    return b.array();
  }

  static byte[] writeFile(DataSet ds, String ts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeFile(
        out, DicomWriter.fileMetaFor(ds.getString(0x00080016), ds.getString(0x00080018), ts), ds);
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.840.10008.1.2",
        "1.2.840.10008.1.2.1",
        "1.2.840.10008.1.2.2",
        "1.2.840.10008.1.2.1.99"
      })
  void roundTripsEveryNativeTransferSyntax(String ts) throws IOException {
    DataSet ds = sample(pixels(16));
    DicomFile back =
        DicomReader.read(new ByteArrayInputStream(writeFile(ds, ts)), ReadOptions.DEFAULT);

    assertThat(back.transferSyntax().uid()).isEqualTo(ts);
    assertThat(back.fileMeta().getString(0x00020012))
        .isEqualTo(DicomWriter.IMPLEMENTATION_CLASS_UID);
    DataSet r = back.dataSet();
    assertThat(r.getPersonName(0x00100010).familyName()).isEqualTo("Müller");
    assertThat(r.getDate(0x00080020)).isEqualTo(LocalDate.of(2025, 1, 31));
    assertThat(r.getTime(0x00080030)).isEqualTo(LocalTime.of(10, 15, 30, 250_000_000));
    assertThat(r.getDoubles(0x00181050)).containsExactly(0.5, -12.25);
    assertThat(r.getInts(0x00200013)).containsExactly(-1024);
    assertThat(r.getLongs(0x00209057)).containsExactly(0xFFFFFFF0L);
    assertThat(r.getInts(0x00189219)).containsExactly(-7, 8);
    assertThat(r.getDoubles(0x00189087)).containsExactly(1.5e3);
    assertThat(r.getTags(0x00209165)).containsExactly(0x00100010, 0x7FE00010);
    assertThat(r.getSequence(0x00081115)).hasSize(2);
    assertThat(r.getSequence(0x00081115).get(0).getString(0x00081155)).isEqualTo("1.2.3.4.5.6");
    assertThat(r.getBytes(Tag.PIXEL_DATA)).isEqualTo(pixels(16));
    if (!ts.equals("1.2.840.10008.1.2")) {
      // implicit VR takes VRs from the dictionary; the others keep them as written
      assertThat(r).isEqualTo(ds);
    }
  }

  @Test
  void itemsInheritTheCharacterSetOfTheirDataSet() throws IOException {
    // the item has no character set of its own: its text is Latin-1, as its parent declares
    byte[] latin1 = "Ärger^Ölaf".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    DataSet item = DataSet.builder().add(0x00100010, VR.PN, new Value.Bytes(latin1)).build();
    DataSet ds =
        DataSet.builder()
            .setString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 100")
            .setString(0x00080016, VR.UI, "1.2")
            .setString(0x00080018, VR.UI, "1.2.3")
            .add(0x00101002, VR.SQ, new Value.Sequence(List.of(item)))
            .build();
    DataSet back =
        DicomReader.read(
                new ByteArrayInputStream(writeFile(ds, "1.2.840.10008.1.2.1")), ReadOptions.DEFAULT)
            .dataSet();
    assertThat(back.getSequence(0x00101002).get(0).getString(0x00100010)).isEqualTo("Ärger^Ölaf");
  }

  @Test
  void itemBuiltWithTheInheritedCharacterSetEncodesItsTextInIt() {
    SpecificCharacterSet latin1 = SpecificCharacterSet.of("ISO_IR 100");
    DataSet item =
        DataSet.builder().inheritCharset(latin1).setString(0x00100010, VR.PN, "Ärger^Ölaf").build();
    assertThat(item.getBytes(0x00100010))
        .isEqualTo("Ärger^Ölaf".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThat(item.charset()).isEqualTo(latin1);
    assertThat(item.getString(0x00100010)).isEqualTo("Ärger^Ölaf");
  }

  @Test
  void leavesLargeValuesInTheFileAndReadsThemBack() throws IOException {
    byte[] px = pixels(300_000);
    Path file = tmp.resolve("big.dcm");
    Files.write(file, writeFile(sample(px), "1.2.840.10008.1.2.2"));

    DicomFile f =
        DicomReader.readFile(
            file, ReadOptions.DEFAULT.withBulkData(1024, DicomReader.fileRegions(file)));
    Element pixel = f.dataSet().get(Tag.PIXEL_DATA);
    assertThat(pixel.value()).isInstanceOf(BulkData.class);
    BulkData bulk = (BulkData) pixel.value();
    assertThat(bulk.length()).isEqualTo(px.length);
    assertThat(bulk.swapUnit()).isEqualTo(2);
    try (InputStream in = bulk.openStream()) {
      assertThat(in.readAllBytes()).isEqualTo(px);
    }
    // written again from the reference, the file is the same
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeFile(out, f.fileMeta(), f.dataSet());
    assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void stopsBeforePixelDataWhenAskedForTheHeaderOnly() throws IOException {
    byte[] file = writeFile(sample(pixels(1000)), "1.2.840.10008.1.2.1");
    DataSet ds =
        DicomReader.read(
                new ByteArrayInputStream(file), ReadOptions.DEFAULT.withStopBeforePixelData(true))
            .dataSet();
    assertThat(ds.contains(Tag.PIXEL_DATA)).isFalse();
    assertThat(ds.getString(0x00100020)).isEqualTo("SYN-0001");
  }

  @Test
  void carriesEncapsulatedPixelDataThroughUnchanged() throws IOException {
    List<Value.Binary> frags =
        List.of(
            new Value.Bytes(new byte[] {0, 0, 0, 0}),
            new Value.Bytes(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4}),
            new Value.Bytes(new byte[] {5, 6, (byte) 0xFF, (byte) 0xD9}));
    DataSet ds =
        DataSet.builder()
            .setString(0x00080016, VR.UI, "1.2")
            .setString(0x00080018, VR.UI, "1.2.3")
            .add(Tag.PIXEL_DATA, VR.OB, new Value.Fragments(frags))
            .build();
    byte[] file = writeFile(ds, "1.2.840.10008.1.2.4.50");
    DicomFile back = DicomReader.read(new ByteArrayInputStream(file), ReadOptions.DEFAULT);
    assertThat(back.dataSet()).isEqualTo(ds);
    assertThat(back.transferSyntax().encapsulated()).isTrue();
  }

  @Test
  void refusesInputWithoutAHeaderUnlessTheCallerNamesItsSyntax() throws IOException {
    DataSet ds = sample(pixels(4));
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    DicomWriter.writeDataSet(raw, ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);

    assertThatThrownBy(
            () ->
                DicomReader.read(new ByteArrayInputStream(raw.toByteArray()), ReadOptions.DEFAULT))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("no 'DICM'");
    DicomFile f =
        DicomReader.read(
            new ByteArrayInputStream(raw.toByteArray()),
            ReadOptions.DEFAULT.withRawTransferSyntax(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
    assertThat(f.fileMeta().isEmpty()).isTrue();
    assertThat(f.dataSet().getString(0x00100020)).isEqualTo("SYN-0001");
  }

  @Test
  void namesTheOffsetWhereATruncatedFileEnds() throws IOException {
    byte[] file = writeFile(sample(pixels(64)), "1.2.840.10008.1.2.1");
    byte[] cut = java.util.Arrays.copyOf(file, file.length - 10);
    assertThatThrownBy(() -> DicomReader.read(new ByteArrayInputStream(cut), ReadOptions.DEFAULT))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("input ends")
        .satisfies(e -> assertThat(((DicomFormatException) e).offset()).isGreaterThan(132));
  }

  @Test
  void refusesALengthBeyondTheEndOfAFileWithoutAllocatingIt() throws IOException {
    // (0010,0010) PN with a 1 GB length, in a file of a few hundred bytes
    byte[] head =
        writeFile(
            DataSet.builder()
                .setString(0x00080016, VR.UI, "1.2")
                .setString(0x00080018, VR.UI, "1.2.3")
                .build(),
            "1.2.840.10008.1.2");
    ByteBuffer bomb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    bomb.putShort((short) 0x0010).putShort((short) 0x0010).putInt(0x3FFFFFF0);
    Path file = tmp.resolve("liar.dcm");
    Files.write(file, concat(head, bomb.array(), new byte[100]));
    assertThatThrownBy(() -> DicomReader.readFile(file))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("claims 1073741808 bytes");
    // from a stream, whose length is unknown, it fails at the end of the input
    assertThatThrownBy(
            () ->
                DicomReader.read(
                    new ByteArrayInputStream(Files.readAllBytes(file)), ReadOptions.DEFAULT))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("input ends after 100 of the 1073741808 bytes");
  }

  @Test
  void refusesSequencesNestedBeyondTheLimit() throws IOException {
    DataSet ds = DataSet.builder().setString(0x00100020, VR.LO, "X").build();
    for (int i = 0; i < 40; i++) {
      ds = DataSet.builder().setSequence(0x00081115, List.of(ds)).build();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeFile(out, DicomWriter.fileMetaFor("1.2", "1.2.3", "1.2.840.10008.1.2.1"), ds);
    assertThatThrownBy(
            () ->
                DicomReader.read(new ByteArrayInputStream(out.toByteArray()), ReadOptions.DEFAULT))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("nested deeper than 32");
    ReadOptions deep = ReadOptions.DEFAULT.withLimits(ReadLimits.DEFAULT.withMaxDepth(64));
    assertThat(DicomReader.read(new ByteArrayInputStream(out.toByteArray()), deep).dataSet())
        .isEqualTo(ds);
  }

  @Test
  void refusesTooManyElements() throws IOException {
    DataSet.Builder b = DataSet.builder();
    for (int i = 0; i < 1000; i++) {
      b.setString(0x00090000 | (0x1000 + i), VR.LO, "x");
    }
    byte[] file =
        writeFile(
            b.setString(0x00080016, VR.UI, "1.2").setString(0x00080018, VR.UI, "1.2.3").build(),
            "1.2.840.10008.1.2.1");
    ReadOptions few = ReadOptions.DEFAULT.withLimits(ReadLimits.DEFAULT.withMaxElements(500));
    assertThatThrownBy(() -> DicomReader.read(new ByteArrayInputStream(file), few))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("more than 500 elements");
  }

  @Test
  void refusesADeflateBomb() throws IOException {
    // a valid deflated data set followed by 200 MB of zeros that compress to almost nothing
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataSet meta = DicomWriter.fileMetaFor("1.2", "1.2.3", "1.2.840.10008.1.2.1.99");
    DicomWriter.writeFile(out, meta, DataSet.EMPTY);
    byte[] head = java.util.Arrays.copyOf(out.toByteArray(), out.size() - 2); // drop empty stream
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (OutputStream d = new DeflaterOutputStream(deflated, new Deflater(9, true))) {
      // (0009,1000) UN with a 200 MB value of zeros
      ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      h.putShort((short) 9)
          .putShort((short) 0x1000)
          .put((byte) 'U')
          .put((byte) 'N')
          .putShort((short) 0)
          .putInt(200 << 20);
      d.write(h.array());
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 200; i++) {
        d.write(zeros);
      }
    }
    byte[] bomb = concat(head, deflated.toByteArray());
    assertThat(bomb.length).isLessThan(1 << 20);
    assertThatThrownBy(() -> DicomReader.read(new ByteArrayInputStream(bomb), ReadOptions.DEFAULT))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("refused as a bomb");
  }

  @Test
  void survivesRandomBytesAfterAValidHeader() throws IOException {
    Random random = new Random(42);
    byte[] head = writeFile(sample(pixels(8)), "1.2.840.10008.1.2.1");
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[random.nextInt(400)];
      random.nextBytes(junk);
      byte[] input =
          concat(java.util.Arrays.copyOf(head, 132 + random.nextInt(head.length - 132)), junk);
      try {
        DicomReader.read(new ByteArrayInputStream(input), ReadOptions.DEFAULT);
      } catch (DicomFormatException expected) {
        assertThat(expected.reason()).isNotBlank();
      }
    }
  }

  @Test
  void implicitUsOrSsFollowsPixelRepresentation() throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(2 * 10).order(ByteOrder.LITTLE_ENDIAN);
    // (0028,0103) Pixel Representation = 1, then (0028,0106) Smallest Image Pixel Value = -5
    b.putShort((short) 0x0028).putShort((short) 0x0103).putInt(2).putShort((short) 1);
    b.putShort((short) 0x0028).putShort((short) 0x0106).putInt(2).putShort((short) -5);
    raw.write(b.array(), 0, b.position());
    DataSet ds =
        DicomReader.read(
                new ByteArrayInputStream(raw.toByteArray()),
                ReadOptions.DEFAULT.withRawTransferSyntax(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN))
            .dataSet();
    assertThat(ds.get(0x00280106).vr()).isEqualTo(VR.SS);
    assertThat(ds.getInts(0x00280106)).containsExactly(-5);
  }

  @Test
  void publicElementsSentAsUnAreReadWithTheirRealVr() throws IOException {
    DataSet item = DataSet.builder().setString(0x00081155, VR.UI, "1.2.3").build();
    ByteArrayOutputStream seq = new ByteArrayOutputStream();
    DicomWriter.writeDataSet(
        seq,
        DataSet.builder().setSequence(0x00081115, List.of(item)).build(),
        TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    byte[] seqValue = java.util.Arrays.copyOfRange(seq.toByteArray(), 8, seq.size());
    byte[] definedLength = definedLengthItems(seqValue);
    DataSet ds =
        DataSet.builder()
            .setString(0x00080016, VR.UI, "1.2")
            .setString(0x00080018, VR.UI, "1.2.3")
            .add(
                0x00100010,
                VR.UN,
                new Value.Bytes("DOE^JANE".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
            .add(0x00081115, VR.UN, new Value.Bytes(definedLength))
            .build();
    DataSet back =
        DicomReader.read(
                new ByteArrayInputStream(writeFile(ds, "1.2.840.10008.1.2.1")), ReadOptions.DEFAULT)
            .dataSet();
    assertThat(back.get(0x00100010).vr()).isEqualTo(VR.PN);
    assertThat(back.getString(0x00100010)).isEqualTo("DOE^JANE");
    assertThat(back.getSequence(0x00081115)).containsExactly(item);
  }

  /** One item of defined length, as implicit VR little endian, from an undefined-length one. */
  private static byte[] definedLengthItems(byte[] undefinedSequenceValue) {
    // undefined: item tag, FFFFFFFF, content, item delimiter (8), sequence delimiter (8)
    int content = undefinedSequenceValue.length - 8 - 16;
    ByteBuffer b = ByteBuffer.allocate(8 + content).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(content);
    b.put(undefinedSequenceValue, 8, content);
    return b.array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
