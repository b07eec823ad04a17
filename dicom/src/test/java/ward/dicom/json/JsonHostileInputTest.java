package ward.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ward.dicom.json.JsonEveryVrTest.j;

import java.io.Reader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed, hostile and merely wrong JSON is refused with a {@link DicomJsonException} naming the
 * offset and the reason, within the limits: never a stack overflow, an out-of-memory error or an
 * unchecked exception.
 */
class JsonHostileInputTest {

  static Arguments bad(String json, long offset, String reason) {
    return Arguments.of(j(json), offset, reason);
  }

  static Stream<Arguments> malformedJson() {
    return Stream.of(
        bad("", 0, "input ends where a value should start"),
        bad("   ", 3, "input ends where a value should start"),
        bad("{'00100010':{'vr':'PN'}", 23, "expected ',' or '}' in an object, found end of input"),
        bad("{'00100010':{'vr':'P", 18, "unterminated string"),
        bad("{'00100010':{'vr':'PN',}}", 23, "expected a member name in quotes, found '}'"),
        bad("{'00100010' {'vr':'PN'}}", 12, "expected ':' after member name"),
        bad("[1,]", 3, "unexpected ']' where a value should start"),
        bad("[1 2]", 3, "expected ',' or ']' in an array, found '2'"),
        bad("{} {}", 3, "unexpected '{' after the JSON value"),
        bad("['\\x']", 3, "invalid escape \\x"),
        bad("['\\u12G4']", 6, "invalid \\u escape"),
        bad("['\\u12", 6, "input ends inside an escape"),
        bad("['a\tb']", 3, "control character U+0009 in a string must be escaped"),
        bad("['\\ud800']", 1, "unpaired surrogate"),
        bad("['\\udc00\\ud800']", 1, "unpaired surrogate"),
        bad("[01]", 1, "invalid number '01'"),
        bad("[1.]", 1, "invalid number '1.'"),
        bad("[.5]", 1, "unexpected '.' where a value should start"),
        bad("[+1]", 1, "unexpected '+' where a value should start"),
        bad("[1e]", 1, "invalid number '1e'"),
        bad("[-]", 1, "invalid number '-'"),
        bad("[NaN]", 1, "unexpected 'N' where a value should start"),
        bad("[Infinity]", 1, "unexpected 'I' where a value should start"),
        bad("[tru]", 4, "invalid literal"),
        bad("[nul", 4, "invalid literal"),
        bad("/* comment */ {}", 0, "unexpected '/' where a value should start"),
        bad("{'a':1,'a':2}", 7, "duplicate member name \"a\""),
        bad("{1:2}", 1, "expected a member name in quotes, found '1'"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedJson")
  void refusesMalformedJson(String json, long offset, String reason) {
    assertThatThrownBy(() -> JsonParser.parse(json, JsonLimits.DEFAULT))
        .isInstanceOfSatisfying(
            DicomJsonException.class,
            e -> {
              assertThat(e.reason()).contains(reason);
              assertThat(e.offset()).isEqualTo(offset);
            });
  }

  static Stream<Arguments> invalidDicomJson() {
    return Stream.of(
        bad("[]", 0, "expected a data set object, found array"),
        bad("{'0010001':{'vr':'PN'}}", 11, "is not a tag of eight hex digits"),
        bad("{'0010001G':{'vr':'PN'}}", 12, "is not a tag of eight hex digits"),
        bad("{'FFFEE000':{'vr':'SQ'}}", 12, "item and delimitation tags are not elements"),
        bad("{'00100010':[]}", 12, "expected an object, found array"),
        bad("{'00100010':{}}", 12, "has no \"vr\""),
        bad("{'00100010':{'vr':'XX'}}", 18, "\"vr\" must be the name of a VR, found \"XX\""),
        bad("{'00100010':{'vr':7}}", 18, "\"vr\" must be the name of a VR, found number"),
        bad("{'00100010':{'vr':'PN','value':[]}}", 31, "unknown member \"value\""),
        bad(
            "{'00100010':{'vr':'OB','Value':[],'InlineBinary':''}}",
            49,
            "has both \"Value\" and \"InlineBinary\""),
        bad("{'00100010':{'vr':'PN','Value':'Doe'}}", 31, "\"Value\" must be an array"),
        bad("{'00100010':{'vr':'PN','Value':['Doe']}}", 32, "a PN value must be an object"),
        bad(
            "{'00100010':{'vr':'PN','Value':[{'alphabetic':'Doe'}]}}",
            46,
            "unknown person name group"),
        bad(
            "{'00100010':{'vr':'PN','Value':[{'Alphabetic':'A=B'}]}}",
            46,
            "'=' would split the person name group"),
        bad(
            "{'00100020':{'vr':'LO','Value':[5]}}",
            32,
            "a LO value must be a string, found number"),
        bad("{'00100020':{'vr':'LO','Value':['a\\\\b']}}", 32, "a backslash would split the value"),
        bad("{'00080060':{'vr':'CS','Value':['\u0100']}}", 32, "must be in the default repertoire"),
        bad("{'00104000':{'vr':'LT','Value':['a','b']}}", 31, "a LT element has a single value"),
        bad("{'00280010':{'vr':'US','Value':[65536]}}", 32, "65536 does not fit US"),
        bad("{'00280010':{'vr':'US','Value':[-1]}}", 32, "-1 does not fit US"),
        bad("{'00280010':{'vr':'US','Value':[1.5]}}", 32, "a US value must be an integer"),
        bad("{'00280010':{'vr':'US','Value':['1']}}", 32, "a US value must be a number"),
        bad("{'00280010':{'vr':'US','Value':[null]}}", 32, "a US value must be a number"),
        bad("{'00280010':{'vr':'US','Value':[1e999999999999]}}", 32, "number out of range"),
        bad("{'00280010':{'vr':'US','Value':[1e99999999]}}", 32, "does not fit US"),
        bad("{'00280010':{'vr':'US','Value':[1e-99999999]}}", 32, "must be an integer"),
        bad("{'00720083':{'vr':'UV','Value':['18446744073709551616']}}", 32, "does not fit UV"),
        bad("{'00201208':{'vr':'IS','Value':[2147483648]}}", 32, "does not fit IS"),
        bad("{'00189089':{'vr':'FL','Value':[3.5e38]}}", 32, "does not fit FL"),
        bad("{'00189087':{'vr':'FD','Value':[1e309]}}", 32, "does not fit FD"),
        bad("{'00189087':{'vr':'FD','Value':['1.5']}}", 32, "a FD value must be a number"),
        bad("{'00209165':{'vr':'AT','Value':['0010001']}}", 32, "eight hex digits"),
        bad("{'00209165':{'vr':'AT','Value':[1048592]}}", 32, "eight hex digits"),
        bad("{'7FE00010':{'vr':'OB','Value':['AAAA']}}", 31, "is InlineBinary or BulkDataURI"),
        bad("{'7FE00010':{'vr':'OB','InlineBinary':'A*=='}}", 38, "invalid base64"),
        bad("{'7FE00010':{'vr':'OB','InlineBinary':5}}", 38, "\"InlineBinary\" must be a string"),
        bad("{'7FE00010':{'vr':'OB','InlineBinary':['a','b']}}", 38, "must be a string"),
        bad("{'00081115':{'vr':'SQ','InlineBinary':'AAAA'}}", 38, "SQ cannot be InlineBinary"),
        bad("{'00081115':{'vr':'SQ','Value':[null]}}", 32, "a sequence item must be an object"),
        bad("{'00081115':{'vr':'SQ','Value':[[]]}}", 32, "a sequence item must be an object"),
        bad("{'00100010':{'vr':'PN','BulkDataURI':'x'}}", 37, "a PN value cannot be a BulkDataURI"),
        bad(
            "{'00081115':{'vr':'SQ','Value':[{'00100020':{'vr':'LO','Value':[true]}}]}}",
            64,
            "a LO value must be a string, found boolean"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidDicomJson")
  void refusesJsonThatIsNotTheDicomModel(String json, long offset, String reason) {
    assertThatThrownBy(() -> DicomJson.read(json))
        .isInstanceOfSatisfying(
            DicomJsonException.class,
            e -> {
              assertThat(e.reason()).contains(reason);
              assertThat(e.offset()).isEqualTo(offset);
            });
  }

  @Test
  void refusesDeepNestingWithoutRecursingIntoIt() {
    String deep = "[".repeat(100_000);
    assertThatThrownBy(() -> JsonParser.parse(deep, JsonLimits.DEFAULT))
        .isInstanceOfSatisfying(
            DicomJsonException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("arrays and objects nested deeper than 128");
              assertThat(e.offset()).isEqualTo(128);
            });
    String deepObjects = "{\"a\":".repeat(100_000);
    assertThatThrownBy(() -> DicomJson.read(deepObjects))
        .isInstanceOf(DicomJsonException.class)
        .hasMessageContaining("nested deeper than 128");
  }

  @Test
  void refusesDeeplyNestedSequencesAtTheDepthLimit() {
    StringBuilder sb = new StringBuilder();
    int levels = 50;
    for (int i = 0; i < levels; i++) {
      sb.append("{\"00081115\":{\"vr\":\"SQ\",\"Value\":[");
    }
    sb.append("{}");
    sb.append("]}}".repeat(levels));
    assertThatThrownBy(() -> DicomJson.read(sb.toString()))
        .isInstanceOf(DicomJsonException.class)
        .hasMessageContaining("nested deeper than 128");
  }

  @Test
  void refusesHugeNumbersAtTheLimit() {
    String huge = "[" + "9".repeat(1_000_000) + "]";
    assertThatThrownBy(() -> JsonParser.parse(huge, JsonLimits.DEFAULT))
        .isInstanceOfSatisfying(
            DicomJsonException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("number longer than 64 chars");
              assertThat(e.offset()).isEqualTo(1);
            });
  }

  @Test
  void refusesStringsLongerThanTheLimit() {
    JsonLimits limits = JsonLimits.DEFAULT.withMaxStringChars(1000);
    String plain = "[\"" + "a".repeat(20_000) + "\"]";
    String escaped = "[\"" + "\\u0041".repeat(2000) + "\"]";
    assertThatThrownBy(() -> JsonParser.parse(plain, limits))
        .isInstanceOf(DicomJsonException.class)
        .hasMessageContaining("string longer than 1000 chars");
    assertThatThrownBy(() -> JsonParser.parse(escaped, limits))
        .isInstanceOf(DicomJsonException.class)
        .hasMessageContaining("string longer than 1000 chars");
  }

  @Test
  void refusesInputLongerThanTheLimitAsItIsRead() {
    JsonLimits limits = JsonLimits.DEFAULT.withMaxInputChars(100_000);
    Reader endless =
        new Reader() {
          @Override
          public int read(char[] buf, int off, int len) {
            java.util.Arrays.fill(buf, off, off + len, ' ');
            return len;
          }

          @Override
          public void close() {}
        };
    assertThatThrownBy(() -> JsonParser.parse(endless, limits))
        .isInstanceOf(DicomJsonException.class)
        .hasMessageContaining("input longer than 100000 chars");
    assertThatThrownBy(() -> JsonParser.parse(" ".repeat(100_001), limits))
        .isInstanceOf(DicomJsonException.class)
        .hasMessageContaining("input longer than 100000 chars");
  }

  @Test
  void refusesMoreValuesThanTheLimit() {
    JsonLimits limits = JsonLimits.DEFAULT.withMaxValues(1000);
    String wide = "[" + "0,".repeat(5000) + "0]";
    assertThatThrownBy(() -> JsonParser.parse(wide, limits))
        .isInstanceOf(DicomJsonException.class)
        .hasMessageContaining("more than 1000 JSON values");
  }

  @Test
  void refusesTruncatedInputAtEveryLength() {
    String json = DicomJson.toJson(JsonModelTest.utf8DataSet());
    for (int n = 0; n < json.length(); n++) {
      String truncated = json.substring(0, n);
      assertThatThrownBy(() -> DicomJson.read(truncated))
          .as("truncated to %d chars", n)
          .isInstanceOf(DicomJsonException.class);
    }
  }

  @Test
  void readsByteOrderMarkAndWhitespaceAroundTheValue() throws Exception {
    assertThat(DicomJson.read("\uFEFF \t\r\n{ \"00080060\" : { \"vr\" : \"CS\" } }\n").size())
        .isEqualTo(1);
  }
}
