package ward.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ward.dicom.DataSet;
import ward.dicom.VR;

/** Every VR, written to DICOM JSON and read back from it (PS3.18 F.2.3). */
class JsonEveryVrTest {

  /** JSON with single quotes for double quotes, to keep the table readable. */
  static String j(String s) {
    return s.replace('\'', '"');
  }

  static Arguments vr(String name, Consumer<DataSet.Builder> element, String json) {
    return Arguments.of(name, element, j(json));
  }

  static byte[] le(int unit, long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * unit).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      switch (unit) {
        case 4 -> b.putInt((int) v);
        case 8 -> b.putLong(v);
        default -> b.putShort((short) v);
      }
    }
    return b.array();
  }

  static Stream<Arguments> everyVr() {
    return Stream.of(
        vr(
            "AE",
            b -> b.setString(0x00400001, VR.AE, "STATION_1"),
            "{'00400001':{'vr':'AE','Value':['STATION_1']}}"),
        vr(
            "AS",
            b -> b.setString(0x00101010, VR.AS, "042Y"),
            "{'00101010':{'vr':'AS','Value':['042Y']}}"),
        vr(
            "AT",
            b -> b.setTags(0x00209165, 0x00100010, 0x7FE00010),
            "{'00209165':{'vr':'AT','Value':['00100010','7FE00010']}}"),
        vr(
            "CS",
            b -> b.setString(0x00080008, VR.CS, "ORIGINAL", "PRIMARY", "", "AXIAL"),
            "{'00080008':{'vr':'CS','Value':['ORIGINAL','PRIMARY',null,'AXIAL']}}"),
        vr(
            "DA",
            b -> b.setString(0x00080020, VR.DA, "20240131"),
            "{'00080020':{'vr':'DA','Value':['20240131']}}"),
        vr(
            "DS",
            b -> b.setString(0x00101030, VR.DS, "87.09", "-1.5e3", "0"),
            "{'00101030':{'vr':'DS','Value':[87.09,-1.5e3,0]}}"),
        vr(
            "DT",
            b -> b.setString(0x0008002A, VR.DT, "20240131120000.123456+0100"),
            "{'0008002A':{'vr':'DT','Value':['20240131120000.123456+0100']}}"),
        vr(
            "FD",
            b -> b.setDoubles(0x00189087, VR.FD, 1000.5, -0.1, 1e300),
            "{'00189087':{'vr':'FD','Value':[1000.5,-0.1,1.0E300]}}"),
        vr(
            "FL",
            b -> b.setDoubles(0x00189089, VR.FL, 0.1, -2.5, 3.4e38),
            "{'00189089':{'vr':'FL','Value':[0.1,-2.5,3.4E38]}}"),
        vr(
            "IS",
            b -> b.setInts(0x00201208, VR.IS, 942, -7),
            "{'00201208':{'vr':'IS','Value':[942,-7]}}"),
        vr(
            "LO",
            b -> b.setString(0x00100020, VR.LO, "12345", "ID 2"),
            "{'00100020':{'vr':'LO','Value':['12345','ID 2']}}"),
        vr(
            "LT",
            b -> b.setString(0x00104000, VR.LT, "line 1\r\nline\\2 \"quoted\"\ttab"),
            "{'00104000':{'vr':'LT','Value':['line 1\\r\\nline\\\\2 \\'quoted\\'\\ttab']}}"),
        vr(
            "OB",
            b -> b.setBytes(0x00420011, VR.OB, new byte[] {1, 2, 3, (byte) 0xFF}),
            "{'00420011':{'vr':'OB','InlineBinary':'AQID/w=='}}"),
        vr(
            "OD",
            b -> b.setBytes(0x7FE00009, VR.OD, le(8, Double.doubleToLongBits(1.0))),
            "{'7FE00009':{'vr':'OD','InlineBinary':'AAAAAAAA8D8='}}"),
        vr(
            "OF",
            b -> b.setBytes(0x7FE00008, VR.OF, le(4, Float.floatToIntBits(1.0f))),
            "{'7FE00008':{'vr':'OF','InlineBinary':'AACAPw=='}}"),
        vr(
            "OL",
            b -> b.setBytes(0x00660040, VR.OL, le(4, 1, 0x01020304)),
            "{'00660040':{'vr':'OL','InlineBinary':'AQAAAAQDAgE='}}"),
        vr(
            "OV",
            b -> b.setBytes(0x00660041, VR.OV, le(8, 1)),
            "{'00660041':{'vr':'OV','InlineBinary':'AQAAAAAAAAA='}}"),
        vr(
            "OW",
            b -> b.setBytes(0x7FE00010, VR.OW, le(2, 1, 0xABCD)),
            "{'7FE00010':{'vr':'OW','InlineBinary':'AQDNqw=='}}"),
        vr(
            "PN",
            b ->
                b.setString(0x00080005, VR.CS, "ISO_IR 192")
                    .setString(0x00100010, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう", "=王^小東", "Smith^J"),
            "{'00080005':{'vr':'CS','Value':['ISO_IR 192']},'00100010':{'vr':'PN','Value':["
                + "{'Alphabetic':'Yamada^Tarou','Ideographic':'山田^太郎','Phonetic':'やまだ^たろう'},"
                + "{'Ideographic':'王^小東'},{'Alphabetic':'Smith^J'}]}}"),
        vr(
            "SH",
            b -> b.setString(0x00080050, VR.SH, "A1"),
            "{'00080050':{'vr':'SH','Value':['A1']}}"),
        vr(
            "SL",
            b -> b.setInts(0x00189219, VR.SL, Integer.MIN_VALUE, Integer.MAX_VALUE),
            "{'00189219':{'vr':'SL','Value':[-2147483648,2147483647]}}"),
        vr(
            "SQ",
            b ->
                b.setSequence(
                    0x00081115,
                    List.of(
                        DataSet.builder().setString(0x00081150, VR.UI, "1.2.3").build(),
                        DataSet.EMPTY)),
            "{'00081115':{'vr':'SQ','Value':[{'00081150':{'vr':'UI','Value':['1.2.3']}},{}]}}"),
        vr(
            "SS",
            b -> b.setInts(0x00280106, VR.SS, -32768, 32767),
            "{'00280106':{'vr':'SS','Value':[-32768,32767]}}"),
        vr(
            "ST",
            b -> b.setString(0x00080081, VR.ST, "Main Street 1\\2"),
            "{'00080081':{'vr':'ST','Value':['Main Street 1\\\\2']}}"),
        vr(
            "SV",
            b -> b.setInts(0x00720082, VR.SV, -9007199254740991L, -9007199254740992L),
            "{'00720082':{'vr':'SV','Value':[-9007199254740991,'-9007199254740992']}}"),
        vr(
            "TM",
            b -> b.setString(0x00080030, VR.TM, "131600.0000"),
            "{'00080030':{'vr':'TM','Value':['131600.0000']}}"),
        vr(
            "UC",
            b -> b.setString(0x00189174, VR.UC, "unlimited", "characters"),
            "{'00189174':{'vr':'UC','Value':['unlimited','characters']}}"),
        vr(
            "UI",
            b -> b.setString(0x0020000D, VR.UI, "1.2.840.10008.1.2"),
            "{'0020000D':{'vr':'UI','Value':['1.2.840.10008.1.2']}}"),
        vr(
            "UL",
            b -> b.setInts(0x00081161, VR.UL, 0, 0xFFFFFFFFL),
            "{'00081161':{'vr':'UL','Value':[0,4294967295]}}"),
        vr(
            "UN",
            b -> b.setBytes(0x00091002, VR.UN, new byte[] {(byte) 0xCF, 0x4C, 0x7D}),
            "{'00091002':{'vr':'UN','InlineBinary':'z0x9'}}"),
        vr(
            "UR",
            b -> b.setString(0x00081190, VR.UR, "http://wado.example/studies/1.2.3"),
            "{'00081190':{'vr':'UR','Value':['http://wado.example/studies/1.2.3']}}"),
        vr(
            "US",
            b -> b.setInts(0x00280010, VR.US, 0, 65535),
            "{'00280010':{'vr':'US','Value':[0,65535]}}"),
        vr(
            "UT",
            b -> b.setString(0x00400281, VR.UT, "text with a / slash"),
            "{'00400281':{'vr':'UT','Value':['text with a / slash']}}"),
        vr(
            "UV",
            b -> b.setInts(0x00720083, VR.UV, 9007199254740991L, -1L),
            "{'00720083':{'vr':'UV','Value':[9007199254740991,'18446744073709551615']}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyVr")
  void writesEveryVr(String name, Consumer<DataSet.Builder> element, String json) {
    DataSet.Builder b = DataSet.builder();
    element.accept(b);
    assertThat(DicomJson.toJson(b.build())).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyVr")
  void readsEveryVr(String name, Consumer<DataSet.Builder> element, String json) throws Exception {
    DataSet.Builder b = DataSet.builder();
    element.accept(b);
    assertThat(DicomJson.read(json)).isEqualTo(b.build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyVr")
  void writesAnEmptyValueAsAnElementWithVrOnly(
      String name, Consumer<DataSet.Builder> element, String json) throws Exception {
    DataSet.Builder b = DataSet.builder();
    element.accept(b);
    int tag = b.build().elements().get(b.build().size() - 1).tag();
    VR vr = VR.valueOf(name);
    DataSet empty = DataSet.builder().setBytes(tag, vr, new byte[0]).build();
    String expected = j("{'" + ward.dicom.Tag.toHex(tag) + "':{'vr':'" + name + "'}}");
    assertThat(DicomJson.toJson(empty)).isEqualTo(expected);
    DataSet read = DicomJson.read(expected);
    assertThat(read.get(tag).vr()).isEqualTo(vr);
    assertThat(read.get(tag).isEmpty()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyVr")
  void readsWhatItWrites(String name, Consumer<DataSet.Builder> element, String json)
      throws Exception {
    DataSet.Builder b = DataSet.builder();
    element.accept(b);
    DataSet ds = b.build();
    assertThat(DicomJson.read(DicomJson.toJson(ds))).isEqualTo(ds);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
