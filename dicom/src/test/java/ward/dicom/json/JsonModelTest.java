package ward.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ward.dicom.json.JsonEveryVrTest.j;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.BulkData;
import ward.dicom.DataSet;
import ward.dicom.Element;
import ward.dicom.SpecificCharacterSet;
import ward.dicom.Tag;
import ward.dicom.TransferSyntax;
import ward.dicom.VR;
import ward.dicom.Value;

class JsonModelTest {

  @TempDir Path tmp;

  /**
   * The example of PS3.18 F.4 (a QIDO-RS response of two studies) as the standard prints it, less
   * its "// Result" comments, which JSON does not allow. It has "InlineBinary" as an array of one
   * string, and DT where (0008,0020) and (0010,0030) are DA: both are kept.
   */
  static final String PS3_18_F4_EXAMPLE =
      j(
          "[{'00080005':{'vr':'CS','Value':['ISO_IR 192']},"
              + "'00080020':{'vr':'DT','Value':['20130409']},"
              + "'00080030':{'vr':'TM','Value':['131600.0000']},"
              + "'00080050':{'vr':'SH','Value':['11235813']},"
              + "'00080056':{'vr':'CS','Value':['ONLINE']},"
              + "'00080061':{'vr':'CS','Value':['CT','PET']},"
              + "'00080090':{'vr':'PN','Value':[{'Alphabetic':'^Bob^^Dr.'}]},"
              + "'00081190':{'vr':'UR','Value':["
              + "'http://wado.nema.org/studies/1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873'"
              + "]},"
              + "'00090010':{'vr':'LO','Value':['Vendor A']},"
              + "'00091002':{'vr':'UN','InlineBinary':['z0x9c8v7']},"
              + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'Wang^XiaoDong','Ideographic':'王^小東'}]},"
              + "'00100020':{'vr':'LO','Value':['12345']},"
              + "'00100021':{'vr':'LO','Value':['Hospital A']},"
              + "'00100030':{'vr':'DT','Value':['19670701']},"
              + "'00100040':{'vr':'CS','Value':['M']},"
              + "'00101002':{'vr':'SQ','Value':["
              + "{'00100020':{'vr':'LO','Value':['54321']},"
              + "'00100021':{'vr':'LO','Value':['Hospital B']}},"
              + "{'00100020':{'vr':'LO','Value':['24680']},"
              + "'00100021':{'vr':'LO','Value':['Hospital C']}}]},"
              + "'0020000D':{'vr':'UI','Value':"
              + "['1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873']},"
              + "'00200010':{'vr':'SH','Value':['11235813']},"
              + "'00201206':{'vr':'IS','Value':[4]},"
              + "'00201208':{'vr':'IS','Value':[942]}},\n"
              + "{'00080005':{'vr':'CS','Value':['ISO_IR 192']},"
              + "'00080020':{'vr':'DT','Value':['20130309']},"
              + "'00080030':{'vr':'TM','Value':['111900.0000']},"
              + "'00080050':{'vr':'SH','Value':['11235821']},"
              + "'00080056':{'vr':'CS','Value':['ONLINE']},"
              + "'00080061':{'vr':'CS','Value':['CT','PET']},"
              + "'00080090':{'vr':'PN','Value':[{'Alphabetic':'^Bob^^Dr.'}]},"
              + "'00081190':{'vr':'UR','Value':["
              + "'http://wado.nema.org/studies/1.2.392.200036.9116.2.2.2.2162893313.1029997326.945876'"
              + "]},"
              + "'00090010':{'vr':'LO','Value':['Vendor A']},"
              + "'00091002':{'vr':'UN','InlineBinary':['z0x9c8v7']},"
              + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'Wang^XiaoDong','Ideographic':'王^小東'}]},"
              + "'00100020':{'vr':'LO','Value':['12345']},"
              + "'00100021':{'vr':'LO','Value':['Hospital A']},"
              + "'00100030':{'vr':'DT','Value':['19670701']},"
              + "'00100040':{'vr':'CS','Value':['M']},"
              + "'00101002':{'vr':'SQ','Value':["
              + "{'00100020':{'vr':'LO','Value':['54321']},"
              + "'00100021':{'vr':'LO','Value':['Hospital B']}},"
              + "{'00100020':{'vr':'LO','Value':['24680']},"
              + "'00100021':{'vr':'LO','Value':['Hospital C']}}]},"
              + "'0020000D':{'vr':'UI','Value':"
              + "['1.2.392.200036.9116.2.2.2.2162893313.1029997326.945876']},"
              + "'00200010':{'vr':'SH','Value':['11235821']},"
              + "'00201206':{'vr':'IS','Value':[5]},"
              + "'00201208':{'vr':'IS','Value':[1123]}}]");

  @Test
  void readsTheExampleOfPs3_18AnnexF4() throws Exception {
    List<DataSet> studies = DicomJson.readArray(PS3_18_F4_EXAMPLE, JsonReadOptions.DEFAULT);

    assertThat(studies).hasSize(2);
    DataSet first = studies.get(0);
    assertThat(first.charset().isUtf8()).isTrue();
    assertThat(first.getPersonName(0x00100010).ideographic()).isEqualTo("王^小東");
    assertThat(first.getPersonName(0x00080090).alphabetic()).isEqualTo("^Bob^^Dr.");
    assertThat(first.getStrings(0x00080061)).containsExactly("CT", "PET");
    assertThat(first.get(0x00080020).vr()).isEqualTo(VR.DT);
    assertThat(first.getBytes(0x00091002)).containsExactly(0xCF, 0x4C, 0x7D, 0x73, 0xCB, 0xFB);
    assertThat(first.getSequence(0x00101002)).hasSize(2);
    assertThat(first.getSequence(0x00101002).get(1).getString(0x00100021)).isEqualTo("Hospital C");
    assertThat(first.getInt(0x00201208, -1)).isEqualTo(942);
    assertThat(studies.get(1).getInt(0x00201208, -1)).isEqualTo(1123);
    assertThat(studies.get(1).getString(0x0020000D))
        .isEqualTo("1.2.392.200036.9116.2.2.2.2162893313.1029997326.945876");
  }

  @Test
  void writesAndReadsAnArrayOfDataSets() throws Exception {
    List<DataSet> studies = DicomJson.readArray(PS3_18_F4_EXAMPLE, JsonReadOptions.DEFAULT);
    StringWriter out = new StringWriter();
    DicomJson.writeArray(studies, out, JsonOptions.DEFAULT);

    assertThat(out.toString()).startsWith("[{\"00080005\"").endsWith("}]");
    assertThat(DicomJson.readArray(new StringReader(out.toString()), JsonReadOptions.DEFAULT))
        .isEqualTo(studies);
  }

  static final SpecificCharacterSet UTF_8 = SpecificCharacterSet.of("ISO_IR 192");

  static byte[] utf8Value(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return b.length % 2 == 0 ? b : (s + " ").getBytes(StandardCharsets.UTF_8);
  }

  /** A data set with every kind of value, its text in UTF-8. */
  static DataSet utf8DataSet() {
    // The builder encodes text with its own (0008,0005), so items get their UTF-8 bytes directly.
    DataSet nested =
        DataSet.builder().setBytes(0x0040A160, VR.UT, utf8Value("Ödem 😀")).build(UTF_8);
    DataSet item =
        DataSet.builder()
            .setString(0x00080100, VR.SH, "T-D1100")
            .setBytes(0x00080104, VR.LO, utf8Value("Schädel"))
            .setSequence(0x00400441, List.of(nested))
            .build(UTF_8);
    return DataSet.builder()
        .setString(0x00080005, VR.CS, "ISO_IR 192")
        .setString(0x00080008, VR.CS, "DERIVED", "", "AXIAL")
        .setString(0x00080020, VR.DA, "20240131")
        .setString(0x00100010, VR.PN, "Müller^Jürgen=ミュラー^ユルゲン", "")
        .setString(0x00100020, VR.LO, "ID\u00e9-1")
        .setString(0x00104000, VR.LT, "first line\nsecond \"line\" \\ \u0001 end")
        .setDoubles(0x00101030, VR.DS, 87.09)
        .setInts(0x00201208, VR.IS, 942)
        .setInts(0x00280010, VR.US, 512)
        .setDoubles(0x00189089, VR.FL, Double.NaN, Double.POSITIVE_INFINITY, -0.0)
        .setDoubles(0x00189087, VR.FD, Double.NEGATIVE_INFINITY, Math.PI)
        .setTags(0x00209165, 0x00100010)
        .setSequence(0x00082218, List.of(item, DataSet.EMPTY))
        .setSequence(0x00081115, List.of())
        .setString(0x00090010, VR.LO, "WARD PRIVATE")
        .setBytes(0x00091001, VR.UN, new byte[] {1, 2, 3})
        .setString(0x00091002, VR.LO, "private text")
        .setBytes(0x7FE00010, VR.OW, new byte[] {0, 1, 2, 3})
        .build();
  }

  @Test
  void readsBackTheDataSetItWroteForUtf8Text() throws Exception {
    DataSet ds = utf8DataSet();
    String json = DicomJson.toJson(ds);
    DataSet read = DicomJson.read(json);

    assertThat(read).isEqualTo(ds);
    assertThat(DicomJson.toJson(read)).isEqualTo(json);
    assertThat(read.getSequence(0x00082218).get(0).getSequence(0x00400441).get(0).charset())
        .isEqualTo(ds.charset());
  }

  @Test
  void writesEmptyValuesAsTheStandardSays() {
    DataSet ds =
        DataSet.builder()
            .setString(0x00100010, VR.PN, "")
            .setString(0x00100020, VR.LO, "  ")
            .setString(0x00080008, VR.CS, "", "")
            .setSequence(0x00081115, List.of())
            .setBytes(0x7FE00010, VR.OB, new byte[0])
            .build();

    assertThat(DicomJson.toJson(ds))
        .isEqualTo(
            j(
                "{'00080008':{'vr':'CS','Value':[null,null]},"
                    + "'00081115':{'vr':'SQ'},"
                    + "'00100010':{'vr':'PN'},"
                    + "'00100020':{'vr':'LO'},"
                    + "'7FE00010':{'vr':'OB'}}"));
  }

  @Test
  void writesPersonNamesWithTheirNonEmptyGroups() {
    DataSet ds =
        DataSet.builder()
            .setString(0x00080005, VR.CS, "ISO_IR 192")
            .setString(0x00100010, VR.PN, "=山田^太郎", "Doe^John==Dou^Jon", "")
            .build();

    assertThat(DicomJson.toJson(ds))
        .contains(
            j(
                "'Value':[{'Ideographic':'山田^太郎'},"
                    + "{'Alphabetic':'Doe^John','Phonetic':'Dou^Jon'},null]"));
  }

  @Test
  void readsNonAsciiTextAsUtf8AndSaysSoInSpecificCharacterSet() throws Exception {
    DataSet latin1Declared =
        DicomJson.read(
            j(
                "{'00080005':{'vr':'CS','Value':['ISO_IR 100']},"
                    + "'00081115':{'vr':'SQ','Value':[{"
                    + "'00080005':{'vr':'CS','Value':['ISO_IR 144']},"
                    + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'Иванов'}]}}]}}"));
    DataSet undeclared =
        DicomJson.read(j("{'00100010':{'vr':'PN','Value':[{'Alphabetic':'Gómez'}]}}"));
    DataSet ascii =
        DicomJson.read(
            j(
                "{'00080005':{'vr':'CS','Value':['ISO_IR 100']},"
                    + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'Gomez'}]}}"));

    assertThat(latin1Declared.getString(0x00080005)).isEqualTo("ISO_IR 192");
    DataSet item = latin1Declared.getSequence(0x00081115).get(0);
    assertThat(item.getString(0x00080005)).isEqualTo("ISO_IR 192");
    assertThat(item.getPersonName(0x00100010).alphabetic()).isEqualTo("Иванов");
    assertThat(item.getBytes(0x00100010)).isEqualTo("Иванов".getBytes(StandardCharsets.UTF_8));
    assertThat(undeclared.getString(0x00080005)).isEqualTo("ISO_IR 192");
    assertThat(undeclared.getPersonName(0x00100010).alphabetic()).isEqualTo("Gómez");
    assertThat(ascii.getString(0x00080005)).isEqualTo("ISO_IR 100");
  }

  @Test
  void writesTextDecodedWithTheDataSetsCharacterSet() {
    DataSet latin1 =
        DataSet.builder()
            .setString(0x00080005, VR.CS, "ISO_IR 100")
            .setString(0x00100010, VR.PN, "Gómez^José")
            .build();

    assertThat(DicomJson.toJson(latin1)).contains(j("{'Alphabetic':'Gómez^José'}"));
  }

  @Test
  void writesIntegerAndDecimalStringsAsTheNumbersTheirTextHolds() {
    DataSet ds =
        DataSet.builder()
            .setString(0x00101030, VR.DS, " +1.50", ".5", "1.", "1E+02", "-0", "NaN", "12abc")
            .setString(0x00201208, VR.IS, "+007", " -12", "1.5", "x")
            .build();

    assertThat(DicomJson.toJson(ds))
        .isEqualTo(
            j(
                "{'00101030':{'vr':'DS','Value':[1.50,0.5,1,1E+02,-0,'NaN','12abc']},"
                    + "'00201208':{'vr':'IS','Value':[7,-12,'1.5','x']}}"));
  }

  @Test
  void readsIntegerAndDecimalStringsGivenAsStringsOrNumbers() throws Exception {
    DataSet ds =
        DicomJson.read(
            j(
                "{'00101030':{'vr':'DS','Value':['1.50',2,0.30000000000000004,1e400,null]},"
                    + "'00201208':{'vr':'IS','Value':['007',4.0,1E2]}}"));

    assertThat(ds.getStrings(0x00101030)).containsExactly("1.50", "2", "0.3", "1e400", "");
    assertThat(ds.getStrings(0x00201208)).containsExactly("007", "4", "100");
  }

  @Test
  void writesBulkDataAsUrisTheCallerGives() throws Exception {
    Path file = tmp.resolve("pixels.raw");
    Files.write(file, new byte[] {9, 8, 7, 6, 5, 4});
    DataSet item = DataSet.builder().setBytes(0x00281201, VR.OW, new byte[100]).build();
    DataSet ds =
        DataSet.builder()
            .setBytes(0x00091010, VR.OB, new byte[10])
            .setSequence(0x00082112, List.of(DataSet.EMPTY, item))
            .add(Tag.PIXEL_DATA, VR.OW, new BulkData(file, 2, 4, 1))
            .build();
    List<String> offered = new ArrayList<>();
    BulkDataUris uris =
        (path, element) -> {
          offered.add(path.toString());
          return "https://pacs.example/bulk/" + path;
        };

    String json = DicomJson.toJson(ds, JsonOptions.withBulkData(uris, 64));

    assertThat(offered).containsExactly("00082112/1/00281201", "7FE00010");
    assertThat(json)
        .contains(j("'00091010':{'vr':'OB','InlineBinary':'AAAAAAAAAAAAAA=='}"))
        .contains(
            j(
                "'00281201':{'vr':'OW','BulkDataURI':'https://pacs.example/bulk/00082112/1/00281201'}"))
        .contains(j("'7FE00010':{'vr':'OW','BulkDataURI':'https://pacs.example/bulk/7FE00010'}"));
  }

  @Test
  void writesBulkDataInlineWhenNoUriIsGiven() throws Exception {
    Path file = tmp.resolve("pixels.raw");
    Files.write(file, new byte[] {9, 8, 7, 6, 5, 4});
    DataSet ds = DataSet.builder().add(Tag.PIXEL_DATA, VR.OB, new BulkData(file, 2, 4, 1)).build();

    assertThat(DicomJson.toJson(ds, JsonOptions.withBulkData((path, e) -> null, 0)))
        .isEqualTo(j("{'7FE00010':{'vr':'OB','InlineBinary':'BwYFBA=='}}"));
    assertThat(DicomJson.toJson(ds))
        .isEqualTo(j("{'7FE00010':{'vr':'OB','InlineBinary':'BwYFBA=='}}"));
  }

  @Test
  void refusesBulkDataUrisUnlessAResolverIsGiven() {
    String json = j("{'7FE00010':{'vr':'OW','BulkDataURI':'file:///etc/passwd'}}");

    assertThatThrownBy(() -> DicomJson.read(json))
        .isInstanceOf(DicomJsonException.class)
        .hasMessageContaining("at character 37")
        .hasMessageContaining("file:///etc/passwd")
        .hasMessageContaining("no resolver");
  }

  @Test
  void handsBulkDataUrisToTheResolver() throws Exception {
    String json =
        j(
            "{'00082112':{'vr':'SQ','Value':[{'00281201':{'vr':'OW','BulkDataURI':'u1'}}]},"
                + "'7FE00010':{'vr':'OW','BulkDataURI':['u2']}}");
    List<String> asked = new ArrayList<>();
    BulkDataResolver resolver =
        (path, vr, uri) -> {
          asked.add(path + " " + vr + " " + uri);
          return new Value.Bytes(new byte[] {1, 2});
        };

    DataSet ds = DicomJson.read(json, JsonReadOptions.DEFAULT.withBulkDataResolver(resolver));

    assertThat(asked).containsExactly("00082112/0/00281201 OW u1", "7FE00010 OW u2");
    assertThat(ds.getBytes(Tag.PIXEL_DATA)).containsExactly(1, 2);
  }

  @Test
  void writesEncapsulatedPixelDataAsItsItemsAndReadsThemBackGivenTheTransferSyntax()
      throws Exception {
    Value.Fragments fragments =
        new Value.Fragments(
            List.of(
                Value.EMPTY,
                new Value.Bytes(new byte[] {(byte) 0xFF, (byte) 0xD8}),
                new Value.Bytes(new byte[] {1, 2, 3, 4})));
    DataSet ds = DataSet.builder().add(Tag.PIXEL_DATA, VR.OB, fragments).build();

    String json = DicomJson.toJson(ds);
    // FEFF00E0 00000000 | FEFF00E0 02000000 FFD8 | FEFF00E0 04000000 01020304
    assertThat(json)
        .isEqualTo(
            j(
                "{'7FE00010':{'vr':'OB','InlineBinary':'/v8A4AAAAAD+/wDgAgAAAP/Y/v8A4AQAAAABAgME'}}"));
    DataSet read =
        DicomJson.read(
            json, JsonReadOptions.DEFAULT.withTransferSyntax(TransferSyntax.JPEG_BASELINE));
    assertThat(read).isEqualTo(ds);
    assertThat(DicomJson.read(json).get(Tag.PIXEL_DATA).value()).isInstanceOf(Value.Bytes.class);
  }

  @Test
  void leavesOutGroupLengths() throws Exception {
    DataSet ds =
        DataSet.builder().setInts(0x00080000, VR.UL, 10).setString(0x00080060, VR.CS, "CT").build();

    assertThat(DicomJson.toJson(ds)).isEqualTo(j("{'00080060':{'vr':'CS','Value':['CT']}}"));
    assertThat(
            DicomJson.read(
                    j(
                        "{'00080000':{'vr':'UL','Value':[10]},'00080060':{'vr':'CS','Value':['CT']}}"))
                .contains(0x00080000))
        .isFalse();
  }

  @Test
  void writesPrivateElementsWithTheirCreators() throws Exception {
    DataSet ds =
        DataSet.builder()
            .setString(0x00290010, VR.LO, "SIEMENS CSA HEADER")
            .setBytes(0x00291010, VR.OB, new byte[] {1, 2})
            .build();

    String json = DicomJson.toJson(ds);

    assertThat(json)
        .isEqualTo(
            j(
                "{'00290010':{'vr':'LO','Value':['SIEMENS CSA HEADER']},"
                    + "'00291010':{'vr':'OB','InlineBinary':'AQI='}}"));
    assertThat(DicomJson.read(json).privateCreatorOf(0x00291010)).isEqualTo("SIEMENS CSA HEADER");
  }

  @Test
  void writesBrokenBinaryNumbersInlineToKeepTheirBytes() throws Exception {
    DataSet ds = DataSet.builder().setBytes(0x00280010, VR.US, new byte[] {1, 2, 3}).build();

    String json = DicomJson.toJson(ds);

    assertThat(json).isEqualTo(j("{'00280010':{'vr':'US','InlineBinary':'AQID'}}"));
    assertThat(DicomJson.read(json)).isEqualTo(ds);
  }

  @Test
  void escapesEveryCharacterJsonRequires() throws Exception {
    String text = "q\" b\\ s/ \u0000\u001f\u007f \u2028 \uD83D\uDE00 é";
    DataSet ds =
        DataSet.builder()
            .setString(0x00080005, VR.CS, "ISO_IR 192")
            .setString(0x00104000, VR.LT, text)
            .build();

    String json = DicomJson.toJson(ds);

    assertThat(json).contains("q\\\" b\\\\ s/ \\u0000\\u001f\u007f \\u2028 \uD83D\uDE00 é");
    assertThat(DicomJson.read(json).getString(0x00104000)).isEqualTo(text);
  }

  @Test
  void streamsToAWriter() throws IOException {
    StringWriter out = new StringWriter();
    DicomJson.write(utf8DataSet(), out, JsonOptions.DEFAULT);
    assertThat(out.toString()).isEqualTo(DicomJson.toJson(utf8DataSet()));
  }

  @Test
  void keepsElementOrderAndVrOfWhatItReads() throws Exception {
    DataSet ds =
        DicomJson.read(
            j(
                "{'00100020':{'Value':['b'],'vr':'LO'},'00080060':{'vr':'CS','Value':['a']},"
                    + "'0009100a':{'vr':'UN'}}"));

    assertThat(ds.elements())
        .extracting(Element::tag)
        .containsExactly(0x00080060, 0x0009100A, 0x00100020);
    assertThat(ds.get(0x0009100A).vr()).isEqualTo(VR.UN);
  }
}
