package ward.archive.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * Encryption at rest for any blob store: every object is encrypted with a data key of its own
 * (AES-256-GCM in segments, {@link SegmentedGcm}), and the data key is kept apart from the object
 * by {@link ObjectKeys}. Reads authenticate every byte they return: a changed, cut, extended or
 * rearranged object fails with {@link TamperedObjectException}. Deleting an object destroys its
 * data key first (crypto-shredding), so a copy of the object kept elsewhere cannot be read again.
 * Sizes and reads are of the plaintext; the inner store only ever sees ciphertext.
 */
public final class EncryptedBlobStore implements BlobStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final BlobStore inner;
  private final ObjectKeys keys;
  private final int segmentSize;

  public EncryptedBlobStore(BlobStore inner, ObjectKeys keys) {
    this(inner, keys, SegmentedGcm.DEFAULT_SEGMENT);
  }

  EncryptedBlobStore(BlobStore inner, ObjectKeys keys, int segmentSize) {
    this.inner = Objects.requireNonNull(inner);
    this.keys = Objects.requireNonNull(keys);
    if (segmentSize <= 0 || segmentSize > SegmentedGcm.MAX_SEGMENT) {
      throw new IllegalArgumentException("segment size out of range: " + segmentSize);
    }
    this.segmentSize = segmentSize;
  }

  private static SecretKey newDataKey() {
    try {
      KeyGenerator g = KeyGenerator.getInstance("AES");
      g.init(256, RANDOM);
      return g.generateKey();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has AES", e);
    }
  }

  @Override
  public BlobWriter create() throws IOException {
    BlobWriter writer = inner.create();
    try {
      SecretKey key = newDataKey();
      return new Writer(writer, key, new EncryptingOutputStream(writer.stream(), key, segmentSize));
    } catch (IOException | RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  @Override
  public InputStream open(BlobKey object) throws IOException {
    SecretKey key =
        keys.find(object)
            .orElseThrow(
                () ->
                    new NoSuchFileException(object + ": no data key (destroyed or never stored)"));
    long total = inner.size(object);
    return new DecryptingInputStream(inner.open(object), total, key, object);
  }

  @Override
  public long size(BlobKey object) throws IOException {
    byte[] header;
    try (InputStream in = inner.open(object)) {
      header = in.readNBytes(SegmentedGcm.HEADER_BYTES);
    }
    int segment = SegmentedGcm.segmentSize(header);
    long size = segment < 0 ? -1 : SegmentedGcm.plaintextSize(inner.size(object), segment);
    if (size < 0) {
      throw new TamperedObjectException(object, "is not a well-formed encrypted object");
    }
    return size;
  }

  @Override
  public boolean exists(BlobKey object) throws IOException {
    return inner.exists(object) && keys.find(object).isPresent();
  }

  @Override
  public void delete(BlobKey object) throws IOException {
    keys.destroy(object);
    inner.delete(object);
  }

  private final class Writer implements BlobWriter {
    private final BlobWriter inner;
    private final SecretKey key;
    private final EncryptingOutputStream stream;
    private long sealed = -1;

    Writer(BlobWriter inner, SecretKey key, EncryptingOutputStream stream) {
      this.inner = inner;
      this.key = key;
      this.stream = stream;
    }

    @Override
    public BlobKey key() {
      return inner.key();
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    /** Seals the last segment and makes the object durable; its data key is not kept yet. */
    @Override
    public long seal() throws IOException {
      if (sealed < 0) {
        long size = stream.finish();
        inner.commit();
        sealed = size;
      }
      return sealed;
    }

    /**
     * Seals the object, then keeps its data key; returns the plaintext size. If the key cannot be
     * kept, the object (unreadable without it) is deleted again.
     */
    @Override
    public long commit() throws IOException {
      long size = seal();
      try {
        keys.store(inner.key(), key);
      } catch (IOException | RuntimeException e) {
        EncryptedBlobStore.this.inner.delete(inner.key());
        throw e;
      }
      return size;
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }
}
