package ward.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ward.dicom.testing.Oracles;

class ElementDictionaryTest {

  @Test
  void patientNameIsPersonName() {
    DictionaryEntry entry = ElementDictionary.lookup(0x00100010);
    assertThat(entry.vrs()).containsExactly(VR.PN);
    assertThat(entry.vm()).isEqualTo("1");
    assertThat(entry.keyword()).isEqualTo("PatientName");
    assertThat(entry.name()).isEqualTo("Patient's Name");
    assertThat(entry.retired()).isFalse();
    assertThat(ElementDictionary.keywordOf(Tags.PatientName)).isEqualTo("PatientName");
    assertThat(ElementDictionary.nameOf(0x00100010)).isEqualTo("Patient's Name");
  }

  @Test
  void pixelDataIsObOrOwAndDecodedAsOwInImplicitVr() {
    assertThat(ElementDictionary.lookup(Tag.PIXEL_DATA).vrs()).containsExactly(VR.OB, VR.OW);
    assertThat(ElementDictionary.vrOf(Tag.PIXEL_DATA)).isEqualTo(VR.OW);
  }

  @Test
  void ambiguousVrsDecodeAsTheirFirstVr() {
    assertThat(ElementDictionary.lookup(0x00280106).vrs()).containsExactly(VR.US, VR.SS);
    assertThat(ElementDictionary.vrOf(0x00280106)).isEqualTo(VR.US);
    assertThat(ElementDictionary.lookup(0x00281200).vrs()).containsExactly(VR.US, VR.SS, VR.OW);
    assertThat(ElementDictionary.vrOf(0x00281200)).isEqualTo(VR.US);
    assertThat(ElementDictionary.lookup(0x00283006).vrs()).containsExactly(VR.US, VR.OW);
    assertThat(ElementDictionary.vrOf(0x00283006)).isEqualTo(VR.US);
  }

  @Test
  void overlayDataRepeatsInTheEvenGroups6000To601E() {
    for (int tag : new int[] {0x60003000, 0x60023000, 0x601E3000}) {
      DictionaryEntry entry = ElementDictionary.lookup(tag);
      assertThat(entry.keyword()).as(Tag.toString(tag)).isEqualTo("OverlayData");
      assertThat(entry.vrs()).containsExactly(VR.OB, VR.OW);
      assertThat(entry.matches(tag)).isTrue();
    }
    assertThat(ElementDictionary.vrOf(0x60023000)).isEqualTo(VR.OW);
    assertThat(ElementDictionary.lookup(0x60013000)).as("odd group: private").isNull();
    assertThat(ElementDictionary.lookup(0x60203000)).as("past 601E").isNull();
    assertThat(ElementDictionary.vrOf(0x60013000)).isEqualTo(VR.UN);
    assertThat(ElementDictionary.tagOf("OverlayData")).isEqualTo(0x60003000);
  }

  @Test
  void listedElementsWinOverOverlappingRepeatingFamilies() {
    // PS3.6's (0028,04x0), (7Fxx,0010) and (1010,xxxx) start with other elements.
    assertThat(ElementDictionary.keywordOf(0x00280400)).isEqualTo("TransformLabel");
    assertThat(ElementDictionary.keywordOf(0x00280410)).isEqualTo("RowsForNthOrderCoefficients");
    assertThat(ElementDictionary.tagOf("RowsForNthOrderCoefficients")).isEqualTo(0x00280410);
    assertThat(ElementDictionary.keywordOf(0x7FE00010)).isEqualTo("PixelData");
    assertThat(ElementDictionary.tagOf("VariablePixelData")).isEqualTo(0x7F000010);
    assertThat(ElementDictionary.keywordOf(0x10100000)).isEqualTo("GroupLength");
    assertThat(ElementDictionary.tagOf("ZonalMap")).isEqualTo(0x10100001);
  }

  @Test
  void otherRepeatingFamiliesResolve() {
    assertThat(ElementDictionary.keywordOf(0x50103000)).isEqualTo("CurveData");
    assertThat(ElementDictionary.lookup(0x50103000).retired()).isTrue();
    assertThat(ElementDictionary.keywordOf(0x002031FF)).isEqualTo("SourceImageIDs");
    assertThat(ElementDictionary.keywordOf(0x00280453)).isEqualTo("CoefficientCodingPointers");
    assertThat(ElementDictionary.keywordOf(0x10001232)).isEqualTo("HuffmanTableSize");
    assertThat(ElementDictionary.keywordOf(0x1010ABCD)).isEqualTo("ZonalMap");
    assertThat(ElementDictionary.keywordOf(0x7F020010)).isEqualTo("VariablePixelData");
  }

  @Test
  void privateElementsAreUnknownButPrivateCreatorsAreLongStrings() {
    assertThat(ElementDictionary.lookup(0x00091010)).isNull();
    assertThat(ElementDictionary.vrOf(0x00091010)).isEqualTo(VR.UN);
    assertThat(ElementDictionary.keywordOf(0x00091010)).isNull();
    for (int tag : new int[] {0x00090010, 0x001900FF}) {
      DictionaryEntry creator = ElementDictionary.lookup(tag);
      assertThat(creator.vrs()).containsExactly(VR.LO);
      assertThat(creator.keyword()).isEqualTo("PrivateCreator");
    }
    assertThat(ElementDictionary.lookup(0x00090100)).as("past the creator block").isNull();
  }

  @Test
  void groupLengthOfAnyGroupIsUnsignedLong() {
    DictionaryEntry entry = ElementDictionary.lookup(0x00280000);
    assertThat(entry.vr()).isEqualTo(VR.UL);
    assertThat(entry.keyword()).isEqualTo("GroupLength");
    assertThat(entry.retired()).isTrue();
    assertThat(ElementDictionary.vrOf(0x00090000)).isEqualTo(VR.UL);
    assertThat(ElementDictionary.keywordOf(0x00020000)).isEqualTo("FileMetaInformationGroupLength");
  }

  @Test
  void itemAndDelimitationTagsHaveNoVr() {
    assertThat(ElementDictionary.keywordOf(Tag.ITEM)).isEqualTo("Item");
    assertThat(ElementDictionary.lookup(Tag.SEQUENCE_DELIMITATION).vrs()).isEmpty();
    assertThat(ElementDictionary.vrOf(Tag.ITEM_DELIMITATION)).isNull();
  }

  @Test
  void unlistedPublicTagsAreUnknown() {
    assertThat(ElementDictionary.lookup(0x0010FFFE)).isNull();
    assertThat(ElementDictionary.vrOf(0x0010FFFE)).isEqualTo(VR.UN);
    assertThat(ElementDictionary.nameOf(0x0010FFFE)).isNull();
  }

  @Test
  void tagOfTakesKeywordsAndHexDigits() {
    assertThat(ElementDictionary.tagOf("StudyInstanceUID")).isEqualTo(0x0020000D);
    assertThat(ElementDictionary.tagOf("00100010")).isEqualTo(0x00100010);
    assertThat(ElementDictionary.tagOf("7fe00010")).isEqualTo(0x7FE00010);
    assertThat(ElementDictionary.tagOf("garbage")).isEqualTo(-1);
    assertThat(ElementDictionary.tagOf("0010001G")).isEqualTo(-1);
    assertThat(ElementDictionary.tagOf("+0100010")).isEqualTo(-1);
    assertThat(ElementDictionary.tagOf("studyinstanceuid")).isEqualTo(-1);
    assertThat(ElementDictionary.tagOf("")).isEqualTo(-1);
    assertThat(ElementDictionary.tagOf(null)).isEqualTo(-1);
  }

  @Test
  void retiredElementsAreFlagged() {
    assertThat(ElementDictionary.lookup(0x00082110).retired()).isTrue(); // Lossy Image Compression
    assertThat(ElementDictionary.lookup(0x60000012).retired()).isTrue(); // Overlay Planes
    assertThat(ElementDictionary.lookup(0x60000010).retired()).isFalse(); // Overlay Rows
    assertThat(ElementDictionary.lookup(Tags.StudyInstanceUID).retired()).isFalse();
  }

  @Test
  void retiredElementsWithoutKeywordHaveNone() {
    DictionaryEntry blank = ElementDictionary.lookup(0x00080202);
    assertThat(blank.keyword()).isEmpty();
    assertThat(blank.retired()).isTrue();
    assertThat(ElementDictionary.keywordOf(0x00080202)).isNull();
  }

  @Test
  void everyListedElementResolvesToItsOwnLine() throws IOException {
    List<String[]> lines = tsvLines();
    assertThat(lines).hasSizeGreaterThan(4000);
    for (String[] f : lines) {
      int tag =
          f[0].contains("x") ? ElementDictionary.tagOf(f[3]) : Integer.parseUnsignedInt(f[0], 16);
      DictionaryEntry entry = ElementDictionary.lookup(tag);
      assertThat(entry).as(f[0]).isNotNull();
      assertThat(entry.keyword()).as(f[0]).isEqualTo(f[3]);
      assertThat(entry.vm()).as(f[0]).isEqualTo(f[2]);
      assertThat(entry.retired()).as(f[0]).isEqualTo(f[5].equals("R"));
      assertThat(entry.matches(tag)).isTrue();
    }
  }

  @Test
  void generatedTagConstantsAgreeWithTheTable() throws IOException, IllegalAccessException {
    Map<String, Integer> table = new HashMap<>();
    for (String[] f : tsvLines()) {
      if (!f[0].contains("x") && !f[3].isEmpty()) {
        table.put(f[3], Integer.parseUnsignedInt(f[0], 16));
      }
    }
    List<Field> fields = new ArrayList<>();
    for (Field field : Tags.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        fields.add(field);
      }
    }
    assertThat(fields).hasSize(table.size());
    Collections.shuffle(fields, new Random(20240611));
    for (Field field : fields.subList(0, 300)) {
      int tag = field.getInt(null);
      assertThat(table.get(field.getName())).as(field.getName()).isEqualTo(tag);
      assertThat(ElementDictionary.keywordOf(tag)).isEqualTo(field.getName());
      assertThat(ElementDictionary.tagOf(field.getName())).isEqualTo(tag);
    }
  }

  @Test
  void generatedFilesMatchWhatTheGeneratorWrites() {
    // Exits non-zero, and so throws, when a generated file differs from pydicom's dictionary.
    Oracles.run(List.of(Oracles.PYTHON, "../tools/generate-dictionary.py", "--check"), null);
  }

  private static List<String[]> tsvLines() throws IOException {
    try (InputStream in = ElementDictionary.class.getResourceAsStream("elements.tsv")) {
      List<String[]> lines = new ArrayList<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.startsWith("#"))
          .forEach(line -> lines.add(line.split("\t", -1)));
      return lines;
    }
  }
}
