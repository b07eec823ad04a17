package ward.archive.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseEncryptionTest {
  private static final String KEY = "3f".repeat(32);
  private static final String NAME = "ZZTESTPATIENT^MARGARETHE";

  @TempDir Path dir;

  private static void insert(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO patient (patient_id, issuer_of_patient_id, patient_name_upper,"
                    + " attributes) VALUES (?, '', ?, ?)")) {
      for (int i = 0; i < 200; i++) {
        s.setString(1, "PID-" + i);
        s.setString(2, NAME + i);
        s.setString(
            3, "{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"" + NAME + "\"}]}}");
        s.executeUpdate();
      }
    }
  }

  private static List<Path> filesHolding(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (content.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
          found.add(f);
        }
      }
    }
    return found;
  }

  @Test
  void anEncryptedIndexHoldsNoPlainTextWhileOpenOrClosed() throws Exception {
    Path index = dir.resolve("encrypted");
    try (Database db = Database.embedded(index, KEY)) {
      insert(db);
      assertThat(filesHolding(index, NAME)).isEmpty();
    }
    assertThat(filesHolding(index, NAME)).isEmpty();
    try (Database db = Database.embedded(index, KEY);
        Connection c = db.dataSource().getConnection();
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT COUNT(*) FROM patient WHERE patient_name_upper LIKE 'ZZTEST%'")) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(200);
    }
  }

  @Test
  void theSameDataUnencryptedIsFoundSoTheSearchWorks() throws Exception {
    Path index = dir.resolve("plain");
    try (Database db = Database.embedded(index)) {
      insert(db);
    }
    assertThat(filesHolding(index, NAME)).isNotEmpty();
  }

  @Test
  void aWrongKeyDoesNotOpenTheIndex() throws Exception {
    Path index = dir.resolve("encrypted");
    try (Database db = Database.embedded(index, KEY)) {
      insert(db);
    }
    assertThatThrownBy(() -> Database.embedded(index, "40".repeat(32)).close())
        .isInstanceOf(RuntimeException.class);
  }
}
