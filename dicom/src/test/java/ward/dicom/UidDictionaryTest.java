package ward.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UidDictionaryTest {

  @Test
  void explicitVrLittleEndianHasItsUid() {
    assertThat(UID.ExplicitVRLittleEndian).isEqualTo("1.2.840.10008.1.2.1");
    assertThat(UidDictionary.nameOf(UID.ExplicitVRLittleEndian))
        .isEqualTo("Explicit VR Little Endian");
  }

  @Test
  void ctImageStorageIsASopClass() {
    UidEntry entry = UidDictionary.lookup("1.2.840.10008.5.1.4.1.1.2");
    assertThat(entry.keyword()).isEqualTo("CTImageStorage");
    assertThat(entry.name()).isEqualTo("CT Image Storage");
    assertThat(entry.type()).isEqualTo("SOP Class");
    assertThat(entry.retired()).isFalse();
    assertThat(UidDictionary.nameOf(UID.CTImageStorage)).isEqualTo("CT Image Storage");
  }

  @Test
  void jpegBaselineIsATransferSyntaxButCtImageStorageIsNot() {
    assertThat(UidDictionary.isTransferSyntax("1.2.840.10008.1.2.4.50")).isTrue();
    assertThat(UidDictionary.isTransferSyntax(UID.JPEGBaseline8Bit)).isTrue();
    assertThat(UidDictionary.isTransferSyntax(UID.CTImageStorage)).isFalse();
    assertThat(UidDictionary.isTransferSyntax("1.2.3.4")).isFalse();
    assertThat(UidDictionary.isTransferSyntax(null)).isFalse();
  }

  @Test
  void retiredUidsAreFlagged() {
    UidEntry bigEndian = UidDictionary.lookup(UID.ExplicitVRBigEndian);
    assertThat(bigEndian.retired()).isTrue();
    assertThat(bigEndian.isTransferSyntax()).isTrue();
  }

  @Test
  void unknownUidsAreNamedByThemselves() {
    assertThat(UidDictionary.lookup("1.2.3.4")).isNull();
    assertThat(UidDictionary.nameOf("1.2.3.4")).isEqualTo("1.2.3.4");
  }

  @Test
  void unnamedRetiredUidsAreNamedByThemselves() {
    UidEntry entry = UidDictionary.lookup("1.2.840.10008.5.1.4.1.1.40");
    assertThat(entry.retired()).isTrue();
    assertThat(UidDictionary.nameOf("1.2.840.10008.5.1.4.1.1.40"))
        .isEqualTo("1.2.840.10008.5.1.4.1.1.40");
  }

  @Test
  void generatedUidConstantsAgreeWithTheTable() throws IOException, IllegalAccessException {
    Map<String, String> table = new HashMap<>();
    try (InputStream in = UidDictionary.class.getResourceAsStream("uids.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        String[] f = line.split("\t", -1);
        if (!line.startsWith("#") && !f[1].isEmpty()) {
          table.put(f[1], f[0]);
        }
      }
    }
    assertThat(table).hasSizeGreaterThan(400);
    int constants = 0;
    for (Field field : UID.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String uid = (String) field.get(null);
        assertThat(table.get(field.getName())).as(field.getName()).isEqualTo(uid);
        assertThat(UidDictionary.lookup(uid).keyword()).isEqualTo(field.getName());
        constants++;
      }
    }
    assertThat(constants).isEqualTo(table.size());
  }
}
