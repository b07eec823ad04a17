package ward.archive.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.archive.storage.BlobKey;
import ward.archive.storage.BlobWriter;
import ward.archive.storage.EncryptedBlobStore;
import ward.archive.storage.FileBlobStore;

class KeyRingTest {
  @TempDir Path dir;

  @Test
  void aNewRingHasOneKeyReadableByItsOwnerOnly() throws IOException {
    Path keys = dir.resolve("keys");
    KeyRing ring = KeyRing.open(keys);
    assertThat(ring.ids()).containsExactly("kek-1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("kek-1.key"))))
        .isEqualTo("rw-------");
    String indexKey = ring.indexKey();
    assertThat(indexKey).matches("[0-9a-f]{64}");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("index.key"))))
        .isEqualTo("rw-------");
    // the index key is kept wrapped, never in the clear
    assertThat(Files.readString(keys.resolve("index.key"))).doesNotContain(indexKey);
    assertThat(KeyRing.open(keys).indexKey()).isEqualTo(indexKey);
  }

  @Test
  void aKeyFileOthersMayReadIsRefused() throws IOException {
    Path keys = dir.resolve("keys");
    KeyRing.open(keys);
    Files.setPosixFilePermissions(
        keys.resolve("kek-1.key"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyRing.open(keys))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("0600");
  }

  @Test
  void aChangedIndexKeyFileIsRefused() throws IOException {
    Path keys = dir.resolve("keys");
    KeyRing.open(keys).indexKey();
    String text = Files.readString(keys.resolve("index.key"));
    char c = text.charAt(20);
    Files.writeString(
        keys.resolve("index.key"),
        text.substring(0, 20) + (c == 'A' ? 'B' : 'A') + text.substring(21));
    assertThatThrownBy(() -> KeyRing.open(keys).indexKey()).isInstanceOf(IOException.class);
  }

  @Test
  void aLostKeyEncryptionKeyIsNamedNotReplaced() throws IOException {
    Path keys = dir.resolve("keys");
    KeyRing.open(keys).indexKey();
    Files.delete(keys.resolve("kek-1.key"));
    assertThatThrownBy(() -> KeyRing.open(keys))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("restore");
  }

  @Test
  void rotationWrapsEveryKeyAnewWithoutRewritingObjects() throws Exception {
    Path keys = dir.resolve("keys");
    KeyRing ring = KeyRing.open(keys);
    String indexKey = ring.indexKey();
    List<BlobKey> stored = new ArrayList<>();
    List<Long> modified = new ArrayList<>();
    try (Database db = Database.embedded(dir.resolve("index"), indexKey)) {
      DataKeys dataKeys = new DataKeys(db.dataSource(), ring);
      EncryptedBlobStore store =
          new EncryptedBlobStore(new FileBlobStore(dir.resolve("blobs")), dataKeys);
      for (int i = 0; i < 1200; i++) {
        try (BlobWriter w = store.create()) {
          w.stream().write(("object " + i).getBytes(StandardCharsets.US_ASCII));
          w.commit();
          stored.add(w.key());
        }
      }
      try (var files = Files.walk(dir.resolve("blobs"))) {
        files
            .filter(Files::isRegularFile)
            .sorted()
            .forEach(f -> modified.add(f.toFile().lastModified()));
      }
      assertThat(dataKeys.census()).containsExactly("kek-1 1200");

      assertThat(ring.rotate()).isEqualTo("kek-2");
      ring.rewrapSecrets();
      assertThat(dataKeys.rewrap()).isEqualTo(1200);
      ring.retireInactive();
      assertThat(dataKeys.census()).containsExactly("kek-2 1200");
      assertThat(Files.exists(keys.resolve("kek-1.key"))).isFalse();
      for (int i = 0; i < stored.size(); i += 97) {
        try (InputStream in = store.open(stored.get(i))) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
              .isEqualTo("object " + i);
        }
      }
    }
    List<Long> after = new ArrayList<>();
    try (var files = Files.walk(dir.resolve("blobs"))) {
      files
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(f -> after.add(f.toFile().lastModified()));
    }
    assertThat(after).isEqualTo(modified);
    // a fresh ring from the files alone still opens the index
    KeyRing reopened = KeyRing.open(keys);
    assertThat(reopened.ids()).containsExactly("kek-2");
    assertThat(reopened.indexKey()).isEqualTo(indexKey);
    try (Database db = Database.embedded(dir.resolve("index"), reopened.indexKey())) {
      DataKeys dataKeys = new DataKeys(db.dataSource(), reopened);
      EncryptedBlobStore store =
          new EncryptedBlobStore(new FileBlobStore(dir.resolve("blobs")), dataKeys);
      try (InputStream in = store.open(stored.get(5))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("object 5");
      }
    }
  }
}
