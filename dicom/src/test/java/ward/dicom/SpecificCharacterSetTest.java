package ward.dicom;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecificCharacterSetTest {

  private static final String ESC = "\u001b";

  /** Bytes written as a string of chars 00-FF, escape sequences spelled out. */
  private static byte[] bytes(String chars) {
    return chars.getBytes(ISO_8859_1);
  }

  private static String chars(byte[] bytes) {
    return new String(bytes, ISO_8859_1);
  }

  private static SpecificCharacterSet cs(String... terms) {
    return SpecificCharacterSet.of(terms);
  }

  private static final String CHINESE_LINES =
      "The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n";

  /** PS3.5 Example J.4-1: 中文 is D6 D0 CE C4 in GB18030. */
  private static final String CHINESE_LINES_ENCODED =
      "The first line includes\u00d6\u00d0\u00ce\u00c4.\r\n"
          + "The second line includes\u00d6\u00d0\u00ce\u00c4, too.\r\nThe third line.\r\n";

  /** Examples of PS3.5 Annexes H, I, J and K and of each single-byte set, exact both ways. */
  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of(
            "PS3.5 H.3.1",
            List.of("", "ISO 2022 IR 87"),
            VR.PN,
            "Yamada^Tarou=山田^太郎=やまだ^たろう",
            "Yamada^Tarou="
                + (ESC + "$B;3ED" + ESC + "(B^" + ESC + "$BB@O:" + ESC + "(B=")
                + (ESC + "$B$d$^$@" + ESC + "(B^" + ESC + "$B$?$m$&" + ESC + "(B")),
        Arguments.of(
            "PS3.5 H.3.2",
            List.of("ISO 2022 IR 13", "ISO 2022 IR 87"),
            VR.PN,
            "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
            "\u00d4\u00cf\u00c0\u00de^\u00c0\u00db\u00b3="
                + (ESC + "$B;3ED" + ESC + "(J^" + ESC + "$BB@O:" + ESC + "(J=")
                + (ESC + "$B$d$^$@" + ESC + "(J^" + ESC + "$B$?$m$&" + ESC + "(J")),
        Arguments.of(
            "PS3.5 I.2",
            List.of("", "ISO 2022 IR 149"),
            VR.PN,
            "Hong^Gildong=洪^吉洞=홍^길동",
            "Hong^Gildong="
                + (ESC + "$)C\u00fb\u00f3^" + ESC + "$)C\u00d1\u00ce\u00d4\u00d7=")
                + (ESC + "$)C\u00c8\u00ab^" + ESC + "$)C\u00b1\u00e6\u00b5\u00bf")),
        Arguments.of(
            "PS3.5 J.1 (UTF-8)",
            List.of("ISO_IR 192"),
            VR.PN,
            "Wang^XiaoDong=王^小東=",
            "Wang^XiaoDong=\u00e7\u008e\u008b^\u00e5\u00b0\u008f\u00e6\u009d\u00b1="),
        Arguments.of(
            "PS3.5 J.3 (GB18030)",
            List.of("GB18030"),
            VR.PN,
            "Wang^XiaoDong=王^小东=",
            "Wang^XiaoDong=\u00cd\u00f5^\u00d0\u00a1\u00b6\u00ab="),
        Arguments.of(
            "PS3.5 K.2 (GB 2312)",
            List.of("", "ISO 2022 IR 58"),
            VR.PN,
            "Zhang^XiaoDong=张^小东=",
            "Zhang^XiaoDong=" + ESC + "$)A\u00d5\u00c5^" + ESC + "$)A\u00d0\u00a1\u00b6\u00ab="),
        Arguments.of(
            "PS3.5 J.2 (UTF-8 text)",
            List.of("ISO_IR 192"),
            VR.LT,
            CHINESE_LINES,
            CHINESE_LINES_ENCODED.replace(
                "\u00d6\u00d0\u00ce\u00c4", "\u00e4\u00b8\u00ad\u00e6\u0096\u0087")),
        Arguments.of(
            "PS3.5 J.4 (GB18030 text)",
            List.of("GB18030"),
            VR.LT,
            CHINESE_LINES,
            CHINESE_LINES_ENCODED),
        Arguments.of(
            "PS3.5 K.3 (GB 2312 text)",
            List.of("", "ISO 2022 IR 58"),
            VR.LT,
            "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n",
            ("1."
                    + ESC
                    + "$)A\u00b5\u00da\u00d2\u00bb\u00d0\u00d0\u00ce\u00c4\u00d7\u00d6\u00a1\u00a3\r\n")
                + ("2."
                    + ESC
                    + "$)A\u00b5\u00da\u00b6\u00fe\u00d0\u00d0\u00ce\u00c4\u00d7\u00d6\u00a1\u00a3\r\n")
                + ("3."
                    + ESC
                    + "$)A\u00b5\u00da\u00c8\u00fd\u00d0\u00d0\u00ce\u00c4\u00d7\u00d6\u00a1\u00a3\r\n")),
        Arguments.of(
            "Latin-1, French", List.of("ISO_IR 100"), VR.PN, "Buc^Jérôme", "Buc^J\u00e9r\u00f4me"),
        Arguments.of(
            "Latin-1, German",
            List.of("ISO_IR 100"),
            VR.PN,
            "Äneas^Rüdiger",
            "\u00c4neas^R\u00fcdiger"),
        Arguments.of("Latin-2", List.of("ISO_IR 101"), VR.LO, "Dvořák", "Dvo\u00f8\u00e1k"),
        Arguments.of("Latin-3", List.of("ISO_IR 109"), VR.LO, "Ġużeppi", "\u00d5u\u00bfeppi"),
        Arguments.of("Latin-4", List.of("ISO_IR 110"), VR.LO, "Ābele", "\u00c0bele"),
        Arguments.of(
            "Latin-5, Turkish",
            List.of("ISO_IR 148"),
            VR.PN,
            "Işık^Gül",
            "I\u00fe\u00fdk^G\u00fcl"),
        Arguments.of("Latin-9", List.of("ISO_IR 203"), VR.LO, "€uro Œuvre", "\u00a4uro \u00bcuvre"),
        Arguments.of(
            "Greek",
            List.of("ISO_IR 126"),
            VR.PN,
            "Διονυσιος",
            "\u00c4\u00e9\u00ef\u00ed\u00f5\u00f3\u00e9\u00ef\u00f2"),
        Arguments.of(
            "Russian",
            List.of("ISO_IR 144"),
            VR.PN,
            "Люкceмбypг",
            "\u00bb\u00ee\u00dace\u00dc\u00d1yp\u00d3"),
        Arguments.of(
            "Arabic",
            List.of("ISO_IR 127"),
            VR.PN,
            "قباني^لنزار",
            "\u00e2\u00c8\u00c7\u00e6\u00ea^\u00e4\u00e6\u00d2\u00c7\u00d1"),
        Arguments.of(
            "Hebrew",
            List.of("ISO_IR 138"),
            VR.PN,
            "שרון^דבורה",
            "\u00f9\u00f8\u00e5\u00ef^\u00e3\u00e1\u00e5\u00f8\u00e4"),
        Arguments.of(
            "Thai",
            List.of("ISO_IR 166"),
            VR.PN,
            "สมชาย^ใจดี",
            "\u00ca\u00c1\u00aa\u00d2\u00c2^\u00e3\u00a8\u00b4\u00d5"),
        Arguments.of(
            "JIS X 0201 Katakana",
            List.of("ISO_IR 13"),
            VR.PN,
            "ﾔﾏﾀﾞ^ﾀﾛｳ",
            "\u00d4\u00cf\u00c0\u00de^\u00c0\u00db\u00b3"),
        Arguments.of(
            "JIS X 0208 then JIS X 0212",
            List.of("ISO 2022 IR 6", "ISO 2022 IR 87", "ISO 2022 IR 159"),
            VR.LO,
            "山丂",
            ESC + "$B;3" + ESC + "$(D0!" + ESC + "(B"),
        Arguments.of(
            "Latin-1 and Cyrillic by code extension",
            List.of("ISO 2022 IR 100", "ISO 2022 IR 144"),
            VR.LO,
            "Jérôme Люк",
            "J\u00e9r\u00f4me " + ESC + "-L\u00bb\u00ee\u00da"),
        Arguments.of(
            "UTF-8 beyond the BMP",
            List.of("ISO_IR 192"),
            VR.LT,
            "😀",
            "\u00f0\u009f\u0098\u0080"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void decodesTheExample(String name, List<String> terms, VR vr, String text, String encoded) {
    assertThat(cs(terms.toArray(String[]::new)).decode(bytes(encoded), vr)).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void encodesTheExampleToItsExactBytes(
      String name, List<String> terms, VR vr, String text, String encoded) {
    assertThat(chars(cs(terms.toArray(String[]::new)).encode(text, vr))).isEqualTo(encoded);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void roundTripsTheExample(String name, List<String> terms, VR vr, String text, String encoded) {
    SpecificCharacterSet cs = cs(terms.toArray(String[]::new));
    assertThat(cs.decode(cs.encode(text, vr), vr)).isEqualTo(text);
  }

  @Test
  void roundTripsTextMixingEverySetOfACodeExtensionList() {
    SpecificCharacterSet cs =
        cs(
            "ISO 2022 IR 6",
            "ISO 2022 IR 100",
            "ISO 2022 IR 144",
            "ISO 2022 IR 126",
            "ISO 2022 IR 87",
            "ISO 2022 IR 159",
            "ISO 2022 IR 149",
            "ISO 2022 IR 58",
            "ISO 2022 IR 13");
    String text = "Jérôme Люк Διο 山田 丂 홍길동 张 ﾔﾏﾀﾞ é山ﾔЛ";
    for (VR vr : List.of(VR.SH, VR.LO, VR.UC, VR.ST, VR.LT, VR.UT)) {
      assertThat(cs.decode(cs.encode(text, vr), vr)).as("%s", vr).isEqualTo(text);
    }
    String lines = text + "\r\n" + text + "\t" + text;
    assertThat(cs.decode(cs.encode(lines, VR.LT), VR.LT)).isEqualTo(lines);
    String values = text + "\\" + text;
    assertThat(cs.decode(cs.encode(values, VR.LO), VR.LO)).isEqualTo(values);
    String name = "山田^Люк=홍^ﾔﾏ=क^é";
    assertThat(cs.decode(cs.encode(name, VR.PN), VR.PN)).isEqualTo(name.replace("क", "?"));
  }

  @Test
  void returnsToTheInitialSetBeforeLineBreaks() {
    SpecificCharacterSet cs = cs("", "ISO 2022 IR 87");
    assertThat(chars(cs.encode("山田\r\nTarou", VR.LT)))
        .isEqualTo(ESC + "$B;3ED" + ESC + "(B\r\nTarou");
  }

  @Test
  void resetsToTheInitialSetAfterLineBreaksEvenWithoutEscapeSequence() {
    SpecificCharacterSet cs = cs("", "ISO 2022 IR 87");
    assertThat(cs.decode(bytes(ESC + "$B;3ED\r\nTarou"), VR.LT)).isEqualTo("山田\r\nTarou");
    assertThat(cs.decode(bytes(ESC + "$B;3ED\tTarou"), VR.LT)).isEqualTo("山田\tTarou");
  }

  @Test
  void resetsAtBackslashOnlyInMultiValuedVRs() {
    SpecificCharacterSet cs = cs("ISO 2022 IR 100", "ISO 2022 IR 144");
    byte[] value = bytes(ESC + "-L\u00bb\\\u00bb");
    assertThat(cs.decode(value, VR.LO)).isEqualTo("Л\\»");
    assertThat(cs.decode(value, VR.LT)).isEqualTo("Л\\Л");
  }

  @Test
  void resetsG1AtPersonNameDelimitersAsPydicomDoes() {
    SpecificCharacterSet cs = cs("", "ISO 2022 IR 149");
    assertThat(cs.decode(bytes(ESC + "$)C\u00fb\u00f3^\u00c8\u00ab"), VR.PN)).isEqualTo("洪^È«");
    assertThat(cs.decode(bytes(ESC + "$)C\u00fb\u00f3^\u00c8\u00ab"), VR.LO)).isEqualTo("洪^홍");
  }

  @Test
  void selectsGlAndGrTogetherWithEachEscapeSequenceAsPydicomDoes() {
    // ESC ( B brings Latin-1 back into GR (pydicom's default), ESC - L puts ASCII back into GL;
    // a double-byte set's escape sequence changes GL only.
    SpecificCharacterSet cs = cs("", "ISO 2022 IR 149", "ISO 2022 IR 87", "ISO 2022 IR 144");
    assertThat(cs.decode(bytes(ESC + "$)C\u00b1\u00e6" + ESC + "(B\u00c4"), VR.LO)).isEqualTo("길Ä");
    assertThat(cs.decode(bytes(ESC + "$B;3" + ESC + "-L;\u00bb"), VR.LO)).isEqualTo("山;Л");
    assertThat(cs.decode(bytes(ESC + "-L" + ESC + "$B;3\u00bb"), VR.LO)).isEqualTo("山Л");
  }

  @Test
  void readsDelimiterBytesInsideJisCharactersAsPartOfThem() {
    // ま is 24 5E, and 3D 5C / 5C 3D are kanji: bytes of '^', '=' and '\' inside JIS X 0208.
    SpecificCharacterSet cs = cs("", "ISO 2022 IR 87");
    byte[] value = bytes(ESC + "$B$^=\\\\=" + ESC + "(B^a");
    assertThat(cs.decode(value, VR.PN)).isEqualTo("ま" + jis("=\\") + jis("\\=") + "^a");
    assertThat(cs.decode(cs.encode("ま" + jis("=\\") + "\\b", VR.LO), VR.LO))
        .isEqualTo("ま" + jis("=\\") + "\\b");
  }

  private static String jis(String pair) {
    return cs("", "ISO 2022 IR 87").decode(bytes(ESC + "$B" + pair), VR.LT);
  }

  @Test
  void encodesEachValueOfAMultiValuedVRBackToTheInitialSet() {
    assertThat(chars(cs("", "ISO 2022 IR 87").encode("山\\a", VR.LO)))
        .isEqualTo(ESC + "$B;3" + ESC + "(B\\a");
  }

  @Test
  void designatesAgainAfterReturningFromJisSoThatPydicomReadsTheSameText() {
    // pydicom reads GR after ESC ( B as Latin-1, so the Cyrillic G1 is designated again.
    assertThat(chars(cs("ISO 2022 IR 144", "ISO 2022 IR 87").encode("Л山Л", VR.LO)))
        .isEqualTo("\u00bb" + ESC + "$B;3" + ESC + "(B" + ESC + "-L\u00bb");
    // after ESC ( J, pydicom reads GR as Katakana, the G1 in force.
    assertThat(chars(cs("ISO 2022 IR 13", "ISO 2022 IR 87").encode("ｱ山ｲ", VR.LO)))
        .isEqualTo("\u00b1" + ESC + "$B;3" + ESC + "(J\u00b2");
  }

  @Test
  void usesOnlyVRsWithSpecificCharacterSetForTheSet() {
    SpecificCharacterSet cyrillic = cs("ISO_IR 144");
    assertThat(cyrillic.decode(bytes("\u00bb"), VR.CS)).isEqualTo("»");
    assertThat(cyrillic.decode(bytes("\u00bb"), VR.LO)).isEqualTo("Л");
    assertThat(chars(cyrillic.encode("Л", VR.CS))).isEqualTo("?");
    assertThat(chars(cyrillic.encode("Л", VR.SH))).isEqualTo("\u00bb");
  }

  @Test
  void defaultRepertoireReadsAndWritesHighBytesAsLatin1LikePydicom() {
    SpecificCharacterSet cs = SpecificCharacterSet.DEFAULT;
    assertThat(cs.decode(bytes("J\u00e9r\u00f4me\u0085"), VR.LO)).isEqualTo("Jérôme\u0085");
    assertThat(chars(cs.encode("Jérôme", VR.LO))).isEqualTo("J\u00e9r\u00f4me");
    assertThat(chars(cs.encode("Люк", VR.LO))).isEqualTo("???");
  }

  @Test
  void defaultRepertoireHonoursOnlyTheAsciiEscapeSequence() {
    SpecificCharacterSet cs = SpecificCharacterSet.DEFAULT;
    assertThat(cs.decode(bytes(ESC + "(BTarou"), VR.LO)).isEqualTo("Tarou");
    assertThat(cs.decode(bytes(ESC + "$B;3ED"), VR.LO)).isEqualTo(ESC + "$B;3ED");
  }

  @Test
  void keepsEscapeSequencesOfUnlistedSetsAndReturnsToTheInitialSets() {
    SpecificCharacterSet cs = cs("", "ISO 2022 IR 87");
    assertThat(cs.decode(bytes(ESC + "$B;3" + ESC + "-L\u00bb;3"), VR.LO))
        .isEqualTo("山" + ESC + "-L»;3");
  }

  @Test
  void decodesMalformedEscapeSequencesWithoutFailing() {
    SpecificCharacterSet cs = cs("", "ISO 2022 IR 87", "ISO 2022 IR 159", "ISO 2022 IR 149");
    assertThat(cs.decode(bytes("a" + ESC), VR.PN)).isEqualTo("a" + ESC);
    assertThat(cs.decode(bytes("a" + ESC + "$"), VR.PN)).isEqualTo("a" + ESC + "$");
    assertThat(cs.decode(bytes("a" + ESC + "$("), VR.PN)).isEqualTo("a" + ESC + "$(");
    assertThat(cs.decode(bytes(ESC + "$Z;3"), VR.PN)).isEqualTo(ESC + "$Z;3");
    assertThat(cs.decode(bytes(ESC + ESC + "$B;3"), VR.PN)).isEqualTo(ESC + "山");
  }

  @Test
  void decodesTruncatedMultiByteCharactersToReplacementCharacters() {
    assertThat(cs("", "ISO 2022 IR 87").decode(bytes(ESC + "$B;3E"), VR.LO)).isEqualTo("山\uFFFD");
    assertThat(cs("", "ISO 2022 IR 87").decode(bytes(ESC + "$B;\r\n"), VR.LT))
        .isEqualTo("\uFFFD\r\n");
    assertThat(cs("", "ISO 2022 IR 149").decode(bytes(ESC + "$)C\u00b1"), VR.LO))
        .isEqualTo("\uFFFD");
    assertThat(cs("", "ISO 2022 IR 149").decode(bytes(ESC + "$)C\u00b1A"), VR.LO))
        .isEqualTo("\uFFFDA");
    assertThat(cs("ISO_IR 192").decode(bytes("a\u00e7\u008e"), VR.LO)).isEqualTo("a\uFFFD");
    assertThat(cs("GB18030").decode(bytes("a\u00cd"), VR.LO)).isEqualTo("a\uFFFD");
    assertThat(cs("GBK").decode(bytes("a\u00cd"), VR.LO)).isEqualTo("a\uFFFD");
    assertThat(cs("ISO_IR 13").decode(bytes("a\u008e"), VR.LO)).isEqualTo("a\uFFFD");
  }

  @Test
  void decodesBytesOutsideTheSetToReplacementCharacters() {
    assertThat(cs("ISO_IR 127").decode(bytes("\u00a1"), VR.LO)).isEqualTo("\uFFFD");
    assertThat(cs("", "ISO 2022 IR 87").decode(bytes(ESC + "$B~~"), VR.LO)).isEqualTo("\uFFFD");
  }

  @Test
  void decodesRandomBytesInEverySetWithoutFailing() {
    Random random = new Random(42);
    List<SpecificCharacterSet> sets =
        List.of(
            SpecificCharacterSet.DEFAULT,
            cs("ISO_IR 100"),
            cs("ISO_IR 166"),
            cs("ISO_IR 13"),
            cs("ISO_IR 192"),
            cs("GB18030"),
            cs("GBK"),
            cs("ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159"),
            cs("", "ISO 2022 IR 149", "ISO 2022 IR 58", "ISO 2022 IR 144"));
    byte[] alphabet = bytes(ESC + "$()-BJIDCAL^=\\\r\n;3\u0080\u00a1\u00b1\u00e0\u00ff\u00ca");
    for (int n = 0; n < 2000; n++) {
      byte[] value = new byte[random.nextInt(24)];
      for (int i = 0; i < value.length; i++) {
        value[i] =
            random.nextBoolean()
                ? alphabet[random.nextInt(alphabet.length)]
                : (byte) random.nextInt(256);
      }
      for (SpecificCharacterSet cs : sets) {
        for (VR vr : List.of(VR.PN, VR.LO, VR.LT)) {
          assertThat(cs.decode(value, vr).length()).isLessThanOrEqualTo(value.length);
        }
      }
    }
  }

  @Test
  void decodesAMegabyteInOnePass() {
    String unit = ESC + "$B;3ED" + ESC + "(B^";
    int repeats = (1 << 20) / unit.length();
    byte[] japanese = bytes(unit.repeat(repeats));
    assertThat(cs("", "ISO 2022 IR 87").decode(japanese, VR.PN)).hasSize(3 * repeats);

    byte[] escapes = new byte[1 << 20];
    Arrays.fill(escapes, (byte) 0x1B);
    assertThat(cs("", "ISO 2022 IR 87").decode(escapes, VR.PN)).hasSize(1 << 20);

    byte[] chinese = bytes("\u00cd\u00f5\u00a6\u00d9".repeat(1 << 18));
    assertThat(cs("GB18030").decode(chinese, VR.LT)).hasSize(2 << 18);
  }

  @Test
  void decodesOnlyTheGivenRange() {
    byte[] value = bytes("xxBuc^J\u00e9r\u00f4mexx");
    assertThat(cs("ISO_IR 100").decode(value, 2, value.length - 4, VR.PN)).isEqualTo("Buc^Jérôme");
  }

  @Test
  void readsShiftJisKanjiUnderIsoIr13AsPydicomDoes() {
    assertThat(cs("ISO_IR 13").decode(bytes("\u008eR\u0093c^\u00d4"), VR.PN)).isEqualTo("山田^ﾔ");
    assertThat(cs("ISO_IR 13").decode(bytes("\\~"), VR.LT)).isEqualTo("\\~");
  }

  @Test
  void readsGb18030AndGbkWithPythonsMappingsWhateverTheJdk() {
    SpecificCharacterSet gb18030 = cs("GB18030");
    assertThat(gb18030.decode(bytes("\u00a6\u00d9\u00841\u00826a"), VR.LO))
        .isEqualTo("\uE78D\uFE10a");
    assertThat(chars(gb18030.encode("\uE78D\uFE10a", VR.LO)))
        .isEqualTo("\u00a6\u00d9\u00841\u00826a");
    SpecificCharacterSet gbk = cs("GBK");
    assertThat(gbk.decode(bytes("\u00a8\u0092"), VR.LO)).isEqualTo("⊕");
    assertThat(chars(gbk.encode("⊕", VR.LO))).isEqualTo("\u00a8\u0092");
  }

  @Test
  void keepsBackslashTrailBytesOfGb18030InsideTheirCharacters() {
    // 95 5C is 昞 in GBK and GB18030
    String text = cs("GB18030").decode(bytes("\u0095\\\\a"), VR.LO);
    assertThat(text).isEqualTo("昞\\a");
  }

  @Test
  void replacesCharactersTheSetCannotHoldWithQuestionMarks() {
    assertThat(chars(cs("ISO_IR 100").encode("Jérôme Люк", VR.LO)))
        .isEqualTo("J\u00e9r\u00f4me ???");
    assertThat(chars(cs("", "ISO 2022 IR 87").encode("😀山", VR.LO)))
        .isEqualTo("?" + ESC + "$B;3" + ESC + "(B");
    assertThat(chars(cs("", "ISO 2022 IR 87").encode("a" + ESC + "b", VR.LO))).isEqualTo("a?b");
  }

  @Test
  void correctsSpellingsAsPydicomDoes() {
    assertThat(cs("ISO-IR 100").terms()).containsExactly("ISO_IR 100");
    assertThat(cs("ISO IR 100").terms()).containsExactly("ISO_IR 100");
    assertThat(cs("ISO_IR_100").terms()).containsExactly("ISO_IR 100");
    assertThat(cs("ISO_2022_IR_87").terms()).containsExactly("ISO 2022 IR 87");
    assertThat(cs("latin1").terms()).containsExactly("ISO_IR 100");
    assertThat(cs("utf-8").isUtf8()).isTrue();
    assertThat(cs("ISO-IR 100").decode(bytes("J\u00e9r\u00f4me"), VR.LO)).isEqualTo("Jérôme");
  }

  @Test
  void readsUnknownTermsAsTheDefaultRepertoire() {
    SpecificCharacterSet unknown = cs("ISO_IR100");
    assertThat(unknown.terms()).containsExactly("ISO_IR100");
    assertThat(unknown.isDefault()).isTrue();
    assertThat(unknown.decode(bytes("\u00bb"), VR.LO)).isEqualTo("»");
    assertThat(cs("", "WHATEVER").decode(bytes("\u00bb"), VR.LO)).isEqualTo("»");
  }

  @Test
  void trimsValuesAndTreatsAnEmptyFirstValueAsTheDefault() {
    assertThat(cs(" ISO_IR 100 ").terms()).containsExactly("ISO_IR 100");
    assertThat(cs("", "ISO 2022 IR 87").terms()).containsExactly("", "ISO 2022 IR 87");
    assertThat(SpecificCharacterSet.of()).isSameAs(SpecificCharacterSet.DEFAULT);
    assertThat(cs("")).isSameAs(SpecificCharacterSet.DEFAULT);
    assertThat(cs("ISO_IR 6")).isSameAs(SpecificCharacterSet.DEFAULT);
    assertThat(SpecificCharacterSet.DEFAULT.terms()).isEmpty();
    assertThat(cs("ISO 2022 IR 6").isDefault()).isTrue();
    assertThat(cs("", "ISO 2022 IR 87").isDefault()).isFalse();
  }

  @Test
  void ignoresCodeExtensionsOfStandAloneSets() {
    assertThat(cs("ISO_IR 192", "ISO 2022 IR 87").terms()).containsExactly("ISO_IR 192");
    assertThat(cs("ISO 2022 IR 100", "GB18030").terms()).containsExactly("ISO 2022 IR 100");
    assertThat(cs("", "ISO_IR 192")).isSameAs(SpecificCharacterSet.DEFAULT);
    assertThat(cs("ISO_IR 192").decode(bytes(ESC + "$B"), VR.LO)).isEqualTo(ESC + "$B");
  }

  @Test
  void comparesByTerms() {
    assertThat(cs("ISO-IR 100")).isEqualTo(cs("ISO_IR 100")).hasSameHashCodeAs(cs("ISO_IR 100"));
    assertThat(cs("ISO_IR 100")).isNotEqualTo(cs("ISO 2022 IR 100"));
    assertThat(cs("", "ISO 2022 IR 87")).hasToString("SpecificCharacterSet[, ISO 2022 IR 87]");
    assertThat(SpecificCharacterSet.DEFAULT).hasToString("SpecificCharacterSet[default]");
    assertThat(cs("ISO_IR 192").isUtf8()).isTrue();
    assertThat(cs("GB18030").isUtf8()).isFalse();
  }
}
