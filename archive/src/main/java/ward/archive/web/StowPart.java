package ward.archive.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import ward.archive.web.multipart.MediaType;
import ward.archive.web.multipart.MultipartException;
import ward.archive.web.multipart.Part;
import ward.dicom.DataSet;
import ward.dicom.DicomFormatException;
import ward.dicom.DicomReader;
import ward.dicom.Part10Head;
import ward.dicom.ReadLimits;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;
import ward.dicom.Value;

/**
 * One part of a STOW-RS body on its way to ingest: its media type is checked, its first bytes are
 * kept so a failure can name the instance (from its file meta information), and when the request
 * names a study, its header is read ahead to check the Study Instance UID before anything is
 * stored. The part's bytes then stream into ingest as they arrive; only the header is ever held.
 */
final class StowPart {
  /** The most header bytes held to check a part's study before it is stored. */
  private static final int MAX_HEADER_BYTES = 16 << 20;

  /** Enough of a part to name it in a failure: its preamble and file meta information. */
  private static final int PREFIX_BYTES = 64 << 10;

  private static final String DICOM = "application/dicom";

  /** A failed part: what it was, as far as it could be read, and its Failure Reason. */
  record Failure(String sopClassUid, String sopInstanceUid, int reason) {}

  /** A part refused before it reaches ingest. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int reason;

    Refused(int reason) {
      super(null, null, false, false);
      this.reason = reason;
    }
  }

  private final Part part;
  private final Prefix prefix;

  StowPart(Part part) {
    this.part = part;
    this.prefix = new Prefix(part.body());
  }

  /**
   * The part's bytes for ingest, after the checks.
   *
   * @param study the Study Instance UID the request names, or null
   * @throws Refused when the part is not application/dicom or not of that study
   * @throws IOException when the body itself fails (see {@link #requestFault})
   */
  InputStream open(String study) throws IOException, Refused {
    String type = part.contentType();
    if (type != null && !isDicom(type)) {
      throw new Refused(Stow.CANNOT_UNDERSTAND);
    }
    return study == null ? prefix : checkStudy(prefix, study);
  }

  /** A failure naming the part by its file meta information, when that could be read. */
  Failure failure(int reason) {
    try {
      Part10Head head = Part10Head.read(new ByteArrayInputStream(prefix.kept.toByteArray()));
      if (RequestValues.isUid(head.sopClassUid()) && RequestValues.isUid(head.sopInstanceUid())) {
        return new Failure(head.sopClassUid(), head.sopInstanceUid(), reason);
      }
    } catch (IOException e) {
      // not even the meta information: the failure names nothing
    }
    return new Failure("", "", reason);
  }

  /** The fault of the whole body (a broken multipart frame, the size limit) behind an error. */
  static IOException requestFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MultipartException || t instanceof BoundedBody.TooLarge) {
        return (IOException) t;
      }
    }
    return null;
  }

  private static boolean isDicom(String type) {
    try {
      return MediaType.parse(type).is(DICOM);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Reads a part's header (up to the pixel data, bulk values skipped) to check its Study Instance
   * UID, and gives back a stream that replays what was read, then the rest.
   */
  private static InputStream checkStudy(InputStream part, String target)
      throws IOException, Refused {
    ByteArrayOutputStream head = new ByteArrayOutputStream(8192);
    Capped capped = new Capped(part, head, MAX_HEADER_BYTES);
    DataSet header;
    try {
      header =
          DicomReader.read(
                  capped,
                  ReadOptions.DEFAULT
                      .withLimits(ReadLimits.DEFAULT.withMaxHeapBytes(MAX_HEADER_BYTES))
                      .withStopBeforePixelData(true)
                      .withBulkData(
                          64 << 10,
                          (location, value) -> {
                            value.transferTo(OutputStream.nullOutputStream());
                            return Value.EMPTY;
                          }))
              .dataSet();
    } catch (IOException e) {
      IOException fault = requestFault(e);
      if (fault != null) {
        throw fault;
      }
      throw new Refused(capped.exceeded ? Stow.OUT_OF_RESOURCES : Stow.CANNOT_UNDERSTAND);
    }
    String study = header.getString(Tags.StudyInstanceUID);
    if (study == null || !study.strip().equals(target)) {
      throw new Refused(Stow.DOES_NOT_MATCH);
    }
    return new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()), part);
  }

  /** Copies what is read into a buffer, and fails past a cap. */
  private static final class Capped extends FilterInputStream {
    private final ByteArrayOutputStream copy;
    private final int cap;
    boolean exceeded;

    Capped(InputStream in, ByteArrayOutputStream copy, int cap) {
      super(in);
      this.copy = copy;
      this.cap = cap;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, Math.min(len, Math.max(1, cap - copy.size())));
      if (n > 0) {
        if (copy.size() + n > cap) {
          exceeded = true;
          throw new DicomFormatException(copy.size(), "the header is beyond " + cap + " bytes");
        }
        copy.write(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(n, 8192)];
      return Math.max(read(buf, 0, buf.length), 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** Keeps the first bytes read through it. */
  private static final class Prefix extends FilterInputStream {
    final ByteArrayOutputStream kept = new ByteArrayOutputStream(1024);

    Prefix(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && kept.size() < PREFIX_BYTES) {
        kept.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0 && kept.size() < PREFIX_BYTES) {
        kept.write(b, off, Math.min(n, PREFIX_BYTES - kept.size()));
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(n, 8192)];
      return Math.max(read(buf, 0, buf.length), 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
