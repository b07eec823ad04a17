package ward.archive.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
  @TempDir Path dir;

  @Test
  void committedObjectIsReadableUnderItsRandomKey() throws IOException {
    FileBlobStore store = new FileBlobStore(dir);
    BlobKey key;
    try (BlobWriter w = store.create()) {
      w.stream().write("hello".getBytes(StandardCharsets.US_ASCII));
      assertThat(store.exists(w.key())).isFalse();
      assertThat(w.commit()).isEqualTo(5);
      key = w.key();
    }
    assertThat(store.exists(key)).isTrue();
    assertThat(store.size(key)).isEqualTo(5);
    try (InputStream in = store.open(key)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    }
    store.delete(key);
    assertThat(store.exists(key)).isFalse();
    store.delete(key);
  }

  @Test
  void uncommittedObjectLeavesNothing() throws IOException {
    FileBlobStore store = new FileBlobStore(dir);
    BlobKey key;
    try (BlobWriter w = store.create()) {
      w.stream().write(new byte[100_000]);
      key = w.key();
    }
    assertThat(store.exists(key)).isFalse();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void leftoversOfACrashAreRemovedAtStart() throws IOException {
    new FileBlobStore(dir);
    Files.write(dir.resolve("incoming").resolve("0123456789abcdef0123456789abcdef"), new byte[10]);
    new FileBlobStore(dir);
    try (Stream<Path> files = Files.list(dir.resolve("incoming"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void keysAreRandomAndNeverTakenFromInput() {
    assertThat(BlobKey.random()).isNotEqualTo(BlobKey.random());
    assertThatThrownBy(() -> new BlobKey("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BlobKey("1.2.840.10008.1.1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void newObjectIsRefusedWhileFreeSpaceIsBelowTheReserve() throws IOException {
    long usable = Files.getFileStore(dir).getUsableSpace();
    FileBlobStore full = new FileBlobStore(dir, usable + (1L << 40));
    assertThatThrownBy(full::create)
        .isInstanceOf(StorageFullException.class)
        .hasMessageContaining("kept in reserve");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
    FileBlobStore roomy = new FileBlobStore(dir, 1);
    try (BlobWriter w = roomy.create()) {
      w.stream().write(1);
      assertThat(w.commit()).isEqualTo(1);
    }
  }
}
