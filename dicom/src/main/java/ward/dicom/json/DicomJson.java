package ward.dicom.json;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;
import ward.dicom.DataSet;

/**
 * The DICOM JSON Model (PS3.18 Annex F) in both directions.
 *
 * <h2>Writing</h2>
 *
 * <ul>
 *   <li>Tags are eight upper-case hex digits, in ascending order; group lengths are left out
 *       (F.2.2). Private elements and their creators are written like any other element.
 *   <li>An empty value gives an element with "vr" only; an empty value among several is {@code
 *       null} (F.2.5); an empty sequence has no "Value".
 *   <li>Text is decoded with the data set's Specific Character Set and written as Unicode; the
 *       (0008,0005) element is kept as it is, as F.2.2 note 3 asks.
 *   <li>PN values are objects with their non-empty "Alphabetic", "Ideographic" and "Phonetic"
 *       groups; AT values are eight hex digits.
 *   <li>US, SS, UL, SL, FL and FD are JSON numbers. FL is written with the shortest text that reads
 *       back as the same float. NaN and the infinities, which JSON numbers cannot hold, are the
 *       strings "NaN", "Infinity" and "-Infinity" (and read back as such).
 *   <li>IS and DS are JSON numbers with the value of their text: the text itself when it is a JSON
 *       number, else the same number in JSON's form ("+1.5" gives 1.5, "007" gives 7). A value that
 *       is not a number at all is kept as a string, which F.2.3 allows for IS and DS.
 *   <li>SV and UV are numbers while within ±(2^53 - 1), beyond that decimal strings (F.2.3 allows
 *       strings for them, and JavaScript numbers would lose the low digits).
 *   <li>OB, OD, OF, OL, OV, OW and UN values are "InlineBinary" (base64 of the little endian bytes,
 *       F.2.7), or "BulkDataURI" when {@link JsonOptions#bulkDataUris()} gives one (F.2.6). A value
 *       of a binary number VR whose length is not a multiple of its size (a broken value) is
 *       written as "InlineBinary" too, the only way to keep its bytes.
 *   <li>Encapsulated pixel data is one "InlineBinary" of its value field as PS3.5 A.4 encodes it:
 *       every item (basic offset table first) with its (FFFE,E000) tag and length, without the
 *       closing sequence delimiter. pydicom writes the same; a reader needs the transfer syntax
 *       (the media type's transfer-syntax parameter) to know that it is encapsulated.
 * </ul>
 *
 * <h2>Reading</h2>
 *
 * <p>Input is parsed by Ward's own {@link JsonParser}, strictly and within {@link JsonLimits}, then
 * checked against the model: every problem is a {@link DicomJsonException} with the char offset.
 *
 * <ul>
 *   <li>Text of SH, LO, ST, LT, UC, UT and PN is stored UTF-8 encoded. When any such value, at any
 *       level, is not ASCII, (0008,0005) is set to "ISO_IR 192" in the data set and in every item
 *       that has its own, whatever the JSON said (a JSON text is always Unicode). Otherwise
 *       (0008,0005) is kept as given. Text of the other VRs must be in ISO 8859-1, which is how
 *       Ward reads their bytes.
 *   <li>"BulkDataURI" values go to {@link JsonReadOptions#bulkDataResolver()}; by default they are
 *       refused, and Ward never fetches a URI by itself.
 *   <li>"InlineBinary" and "BulkDataURI" may be a string or, as the example in F.4 shows, an array
 *       of one string.
 *   <li>Numbers must fit their VR exactly (an integer VR takes no fraction). IS and DS may also be
 *       strings; DS numbers longer than 16 chars are rounded to fit.
 *   <li>Refused: unknown members, a missing "vr", more than one of "Value", "InlineBinary" and
 *       "BulkDataURI", a backslash in a value of a multi-valued string VR (it would split the
 *       value, F.2.4), '=' in a person name group, more than one value of LT, ST, UT or UR.
 *   <li>Group lengths are dropped.
 * </ul>
 */
public final class DicomJson {
  private DicomJson() {}

  /** The data set as DICOM JSON, every value written inline. */
  public static String toJson(DataSet dataSet) {
    return toJson(dataSet, JsonOptions.DEFAULT);
  }

  /**
   * The data set as DICOM JSON.
   *
   * @throws UncheckedIOException when bulk data cannot be read from its file
   */
  public static String toJson(DataSet dataSet, JsonOptions options) {
    StringBuilder sb = new StringBuilder();
    try {
      write(dataSet, sb, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  /** Writes the data set as a DICOM JSON object. */
  public static void write(DataSet dataSet, Appendable out, JsonOptions options)
      throws IOException {
    new DicomJsonWriter(out, options).writeDataSet(dataSet, null, -1);
  }

  /**
   * Writes data sets as a DICOM JSON array, as QIDO-RS and metadata responses have them (F.2.1).
   */
  public static void writeArray(List<DataSet> dataSets, Appendable out, JsonOptions options)
      throws IOException {
    new DicomJsonWriter(out, options).writeArray(dataSets);
  }

  /** Reads a DICOM JSON object with the default options. */
  public static DataSet read(String json) throws DicomJsonException {
    return read(json, JsonReadOptions.DEFAULT);
  }

  /** Reads a DICOM JSON object. */
  public static DataSet read(String json, JsonReadOptions options) throws DicomJsonException {
    return narrow(
        () -> new DicomJsonReader(options).read(JsonParser.parse(json, options.limits())));
  }

  /** Reads a DICOM JSON object from a stream of chars. */
  public static DataSet read(Reader in, JsonReadOptions options) throws IOException {
    return new DicomJsonReader(options).read(JsonParser.parse(in, options.limits()));
  }

  /** Reads a DICOM JSON array of data sets (F.2.1). */
  public static List<DataSet> readArray(String json, JsonReadOptions options)
      throws DicomJsonException {
    return narrow(
        () -> new DicomJsonReader(options).readArray(JsonParser.parse(json, options.limits())));
  }

  /** Reads a DICOM JSON array of data sets (F.2.1) from a stream of chars. */
  public static List<DataSet> readArray(Reader in, JsonReadOptions options) throws IOException {
    return new DicomJsonReader(options).readArray(JsonParser.parse(in, options.limits()));
  }

  private interface Read<T> {
    T run() throws IOException;
  }

  /** Reading a string can fail only with a DicomJsonException (the resolver's are wrapped). */
  private static <T> T narrow(Read<T> read) throws DicomJsonException {
    try {
      return read.run();
    } catch (DicomJsonException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
