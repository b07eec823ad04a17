package ward.archive.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ward.archive.db.Database;
import ward.archive.keys.DataKeys;
import ward.archive.keys.KeyRing;

class EncryptedBlobStoreTest {
  /** Small segments, so that a few hundred bytes span several of them. */
  private static final int SEGMENT = 64;

  private static final int SEALED = SEGMENT + SegmentedGcm.TAG_BYTES;

  @TempDir Path dir;
  private Database db;
  private EncryptedBlobStore store;
  private Path objects;

  @BeforeEach
  void open() throws IOException {
    db = Database.embedded(dir.resolve("index"));
    KeyRing ring = KeyRing.open(dir.resolve("keys"));
    objects = dir.resolve("blobs");
    store =
        new EncryptedBlobStore(
            new FileBlobStore(objects), new DataKeys(db.dataSource(), ring), SEGMENT);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static byte[] content(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private BlobKey put(byte[] bytes) throws IOException {
    try (BlobWriter w = store.create()) {
      // in uneven pieces, as a network stream delivers them
      int off = 0;
      int step = 1;
      while (off < bytes.length) {
        int n = Math.min(step, bytes.length - off);
        w.stream().write(bytes, off, n);
        off += n;
        step = step * 3 + 1;
      }
      assertThat(w.commit()).isEqualTo(bytes.length);
      return w.key();
    }
  }

  private byte[] get(BlobKey key) throws IOException {
    try (InputStream in = store.open(key)) {
      return in.readAllBytes();
    }
  }

  private Path file(BlobKey key) {
    String k = key.value();
    return objects
        .resolve("objects")
        .resolve(k.substring(0, 2))
        .resolve(k.substring(2, 4))
        .resolve(k);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 7, 5000})
  void readsBackWhatWasWrittenWhateverItsSize(int size) throws IOException {
    byte[] bytes = content(size);
    BlobKey key = put(bytes);
    assertThat(get(key)).isEqualTo(bytes);
    assertThat(store.size(key)).isEqualTo(size);
    assertThat(store.exists(key)).isTrue();
    // the stored file is the sealed form: header, and a tag for every segment
    long segments = Math.max(1, (size + SEGMENT - 1) / SEGMENT);
    assertThat(Files.size(file(key)))
        .isEqualTo(SegmentedGcm.HEADER_BYTES + size + segments * SegmentedGcm.TAG_BYTES);
  }

  @Test
  void storedFilesHoldNoPlaintext() throws IOException {
    byte[] marker = "DOE^JANE^BIRTHDATE=19700101".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < 50; i++) {
      b.write(marker);
    }
    put(b.toByteArray());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(f), marker)).as(f.toString()).isEqualTo(-1);
      }
    }
  }

  @Test
  void skipLandsOnTheRightByte() throws IOException {
    byte[] bytes = content(10 * SEGMENT + 13);
    BlobKey key = put(bytes);
    for (int start :
        new int[] {0, 1, SEGMENT - 1, SEGMENT, 2 * SEGMENT + 5, 9 * SEGMENT, 10 * SEGMENT + 12}) {
      try (InputStream in = store.open(key)) {
        in.skipNBytes(start);
        assertThat(in.read()).as("byte at " + start).isEqualTo(bytes[start] & 0xff);
        in.skipNBytes(3 * SEGMENT > bytes.length - start - 1 ? 0 : 3 * SEGMENT);
      }
    }
    try (InputStream in = store.open(key)) {
      assertThat(in.skip(1_000_000)).isEqualTo(bytes.length);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        0, // header
        SegmentedGcm.HEADER_BYTES + 3, // first segment's ciphertext
        SegmentedGcm.HEADER_BYTES + SEALED - 1, // first segment's tag
        SegmentedGcm.HEADER_BYTES + 2 * SEALED + 10, // a middle segment
        SegmentedGcm.HEADER_BYTES + 4 * SEALED + 2 // the last segment
      })
  void aChangedByteIsNeverServed(int offset) throws IOException {
    byte[] bytes = content(4 * SEGMENT + 20);
    BlobKey key = put(bytes);
    byte[] sealed = Files.readAllBytes(file(key));
    sealed[offset] ^= 0x01;
    Files.write(file(key), sealed);
    ByteArrayOutputStream served = new ByteArrayOutputStream();
    assertThatThrownBy(
            () -> {
              try (InputStream in = store.open(key)) {
                in.transferTo(served);
              }
            })
        .isInstanceOf(TamperedObjectException.class);
    // whatever was handed out before the failure came from segments that authenticated
    byte[] got = served.toByteArray();
    assertThat(got).isEqualTo(Arrays.copyOf(bytes, got.length));
    assertThat(got.length % SEGMENT).isZero();
    assertThat(got.length).isLessThanOrEqualTo(Math.max(0, offset - SegmentedGcm.HEADER_BYTES));
  }

  @Test
  void anObjectCutAtASegmentBoundaryFails() throws IOException {
    BlobKey key = put(content(4 * SEGMENT));
    byte[] sealed = Files.readAllBytes(file(key));
    Files.write(file(key), Arrays.copyOf(sealed, sealed.length - SEALED));
    assertThatThrownBy(() -> get(key)).isInstanceOf(TamperedObjectException.class);
  }

  @Test
  void anObjectExtendedBySegmentsOfItsOwnFails() throws IOException {
    BlobKey key = put(content(2 * SEGMENT + 5));
    byte[] sealed = Files.readAllBytes(file(key));
    byte[] longer = Arrays.copyOf(sealed, sealed.length + SEALED);
    System.arraycopy(sealed, SegmentedGcm.HEADER_BYTES, longer, sealed.length, SEALED);
    Files.write(file(key), longer);
    assertThatThrownBy(() -> get(key)).isInstanceOf(TamperedObjectException.class);
  }

  @Test
  void swappedSegmentsFail() throws IOException {
    BlobKey key = put(content(3 * SEGMENT + 5));
    byte[] sealed = Files.readAllBytes(file(key));
    byte[] first = Arrays.copyOfRange(sealed, 16, 16 + SEALED);
    System.arraycopy(sealed, 16 + SEALED, sealed, 16, SEALED);
    System.arraycopy(first, 0, sealed, 16 + SEALED, SEALED);
    Files.write(file(key), sealed);
    assertThatThrownBy(() -> get(key)).isInstanceOf(TamperedObjectException.class);
  }

  @Test
  void oneObjectPutInPlaceOfAnotherFails() throws IOException {
    byte[] a = content(300);
    BlobKey keyA = put(a);
    BlobKey keyB = put(content(301));
    Files.copy(file(keyA), file(keyB), StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> get(keyB)).isInstanceOf(TamperedObjectException.class);
    assertThat(get(keyA)).isEqualTo(a);
  }

  @Test
  void aWrappedKeyCopiedToAnotherObjectDoesNotUnwrap() throws Exception {
    BlobKey keyA = put(content(100));
    BlobKey keyB = put(content(100));
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE object_key SET wrapped_key = (SELECT wrapped_key FROM object_key WHERE blob_key"
              + " = '"
              + keyA
              + "') WHERE blob_key = '"
              + keyB
              + "'");
    }
    assertThatThrownBy(() -> get(keyB))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unwrap");
  }

  @Test
  void deletingDestroysTheKeySoACopyOfTheObjectStaysUnreadable() throws Exception {
    byte[] bytes = content(1000);
    BlobKey key = put(bytes);
    Path backup = dir.resolve("backup-of-object");
    Files.copy(file(key), backup);
    store.delete(key);
    assertThat(store.exists(key)).isFalse();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM object_key")) {
      r.next();
      assertThat(r.getLong(1)).isZero();
    }
    // the backup restored in place: no key, nothing readable
    Files.createDirectories(file(key).getParent());
    Files.copy(backup, file(key));
    assertThatThrownBy(() -> get(key)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void anUncommittedObjectLeavesNeitherFileNorKey() throws Exception {
    BlobKey key;
    try (BlobWriter w = store.create()) {
      w.stream().write(content(500));
      key = w.key();
    }
    assertThat(store.exists(key)).isFalse();
    try (Stream<Path> files = Files.walk(objects)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM object_key")) {
      r.next();
      assertThat(r.getLong(1)).isZero();
    }
  }

  @Test
  void anObjectWhoseKeyCannotBeKeptIsNotLeftBehind() throws Exception {
    ObjectKeys failing =
        new ObjectKeys() {
          @Override
          public void store(BlobKey object, javax.crypto.SecretKey key) throws IOException {
            throw new IOException("the database is gone");
          }

          @Override
          public java.util.Optional<javax.crypto.SecretKey> find(BlobKey object) {
            return java.util.Optional.empty();
          }

          @Override
          public void destroy(BlobKey object) {}
        };
    EncryptedBlobStore broken =
        new EncryptedBlobStore(new FileBlobStore(dir.resolve("other")), failing, SEGMENT);
    try (BlobWriter w = broken.create()) {
      w.stream().write(content(500));
      assertThatThrownBy(w::commit).hasMessageContaining("the database is gone");
    }
    try (Stream<Path> files = Files.walk(dir.resolve("other"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
