package ward.archive.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index's file encryption: XTS-AES-256 checked against OpenSSL's (through Python's cryptography
 * package), and the encrypted file checked against a plain model of it under random reads, writes
 * and truncations, across reopening.
 */
class XtsTest {
  @TempDir Path dir;

  private static final HexFormat HEX = HexFormat.of();

  /** OpenSSL's XTS-AES-256 of one sector: key is data key || tweak key. */
  private static byte[] openssl(byte[] key, long sector, byte[] plain, Path work)
      throws IOException, InterruptedException {
    Path in = work.resolve("plain-" + sector);
    Files.write(in, plain);
    byte[] tweak = new byte[16];
    ByteBuffer.wrap(tweak).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(sector);
    String script =
        "import sys\n"
            + "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n"
            + "k = bytes.fromhex(sys.argv[1]); t = bytes.fromhex(sys.argv[2])\n"
            + "e = Cipher(algorithms.AES(k), modes.XTS(t)).encryptor()\n"
            + "sys.stdout.write((e.update(open(sys.argv[3], 'rb').read()) + e.finalize()).hex())\n";
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                script,
                HEX.formatHex(key),
                HEX.formatHex(tweak),
                in.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return HEX.parseHex(out);
  }

  @Test
  void sectorsAreEncryptedAsOpenSslEncryptsThem() throws Exception {
    Random random = new Random(1619);
    byte[] dataKey = new byte[32];
    byte[] tweakKey = new byte[32];
    random.nextBytes(dataKey);
    random.nextBytes(tweakKey);
    byte[] both = new byte[64];
    System.arraycopy(dataKey, 0, both, 0, 32);
    System.arraycopy(tweakKey, 0, both, 32, 32);
    Xts xts = new Xts(dataKey, tweakKey);
    for (long sector : List.of(0L, 5L, (1L << 40) + 7, Long.MAX_VALUE)) {
      byte[] plain = new byte[Xts.SECTOR];
      random.nextBytes(plain);
      byte[] buffer = new byte[Xts.SECTOR + 3];
      System.arraycopy(plain, 0, buffer, 3, plain.length);
      xts.encrypt(sector, buffer, 3);
      byte[] ours = Arrays.copyOfRange(buffer, 3, buffer.length);
      assertThat(ours).as("sector %d", sector).isEqualTo(openssl(both, sector, plain, dir));
      xts.decrypt(sector, buffer, 3);
      assertThat(Arrays.copyOfRange(buffer, 3, buffer.length)).isEqualTo(plain);
    }
    assertThatThrownBy(() -> new Xts(dataKey, dataKey.clone()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFileReadsBackWhatWasWrittenAnywhereAndKeepsItsSize() throws Exception {
    byte[] key = "a1".repeat(32).getBytes(StandardCharsets.US_ASCII);
    Path file = dir.resolve("f.db");
    Random random = new Random(42);
    byte[] model = new byte[0];
    for (int round = 0; round < 3; round++) {
      try (FileChannel ch =
          new XtsFile(
              "f.db",
              key,
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE))) {
        assertThat(ch.size()).isEqualTo(model.length);
        for (int op = 0; op < 300; op++) {
          int kind = random.nextInt(10);
          if (kind < 6) {
            int at = random.nextInt(model.length + 9000);
            at = Math.min(at, model.length); // no holes: the database never leaves any
            byte[] chunk = new byte[1 + random.nextInt(random.nextBoolean() ? 100 : 13000)];
            random.nextBytes(chunk);
            ch.write(ByteBuffer.wrap(chunk), at);
            if (at + chunk.length > model.length) {
              model = Arrays.copyOf(model, at + chunk.length);
            }
            System.arraycopy(chunk, 0, model, at, chunk.length);
          } else if (kind < 9 && model.length > 0) {
            int at = random.nextInt(model.length);
            int len = 1 + random.nextInt(Math.min(20000, model.length - at + 50));
            ByteBuffer read = ByteBuffer.allocate(len);
            int n = ch.read(read, at);
            int expected = Math.min(len, model.length - at);
            assertThat(n).isEqualTo(expected);
            assertThat(Arrays.copyOf(read.array(), n))
                .isEqualTo(Arrays.copyOfRange(model, at, at + expected));
          } else if (model.length > 0) {
            int to = random.nextInt(model.length);
            ch.truncate(to);
            model = Arrays.copyOf(model, to);
          }
          assertThat(ch.size()).isEqualTo(model.length);
        }
      }
      assertThat(XtsFile.logicalSize(Files.size(file))).isEqualTo(model.length);
    }
    // nothing of the data is on disk as it was written
    byte[] disk = Files.readAllBytes(file);
    byte[] probe = Arrays.copyOfRange(model, 100, 132);
    assertThat(new String(disk, StandardCharsets.ISO_8859_1))
        .doesNotContain(new String(probe, StandardCharsets.ISO_8859_1));
  }

  @Test
  void aWrongKeyIsRefusedBeforeAnythingIsRead() throws Exception {
    Path file = dir.resolve("g.db");
    byte[] key = "b2".repeat(32).getBytes(StandardCharsets.US_ASCII);
    try (FileChannel ch =
        new XtsFile(
            "g.db",
            key,
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE))) {
      ch.write(ByteBuffer.wrap(new byte[5000]), 0);
    }
    byte[] wrong = "b3".repeat(32).getBytes(StandardCharsets.US_ASCII);
    try (FileChannel ch =
        new XtsFile("g.db", wrong, FileChannel.open(file, StandardOpenOption.READ))) {
      assertThatThrownBy(ch::size)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("index key does not open");
    }
  }

  @Test
  void anIndexMadeWithH2sOwnEncryptionStillOpens() throws Exception {
    String key = "5c".repeat(32);
    Path index = dir.resolve("older");
    Files.createDirectories(index);
    String url =
        "jdbc:h2:file:" + index.toAbsolutePath().resolve("ward") + ";CIPHER=AES;WRITE_DELAY=0";
    try (Database db = Database.open(url, "ward", key + " ", 2);
        Connection c = db.dataSource().getConnection()) {
      c.createStatement()
          .execute(
              "INSERT INTO patient (patient_id, issuer_of_patient_id, patient_name_upper,"
                  + " attributes) VALUES ('OLDER', '', 'OLDER', '{}')");
    }
    assertThat(
            new String(
                Files.readAllBytes(index.resolve("ward.mv.db")), 0, 9, StandardCharsets.US_ASCII))
        .isEqualTo("H2encrypt");
    try (Database db = Database.embedded(index, key);
        Connection c = db.dataSource().getConnection();
        ResultSet r =
            c.createStatement()
                .executeQuery("SELECT COUNT(*) FROM patient WHERE patient_id = 'OLDER'")) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(1);
    }
    // a new index is made with XTS
    Path newer = dir.resolve("newer");
    try (Database db = Database.embedded(newer, key)) {
      assertThat(db.dataSource()).isNotNull();
    }
    byte[] head = Arrays.copyOf(Files.readAllBytes(newer.resolve("ward.mv.db")), 8);
    assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("WARDXTS1");
  }
}
