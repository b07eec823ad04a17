package ward.net.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.DicomFormatException;
import ward.dicom.DicomReader;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;

/**
 * Files to send with C-STORE, read up to their pixel data, and the presentation contexts they need:
 * one per SOP class for the native (uncompressed) files, offering explicit and implicit VR little
 * endian besides the files' own, and one per SOP class and compressed transfer syntax.
 *
 * @param instances the files that are DICOM, in the order given
 * @param unreadable the files that are not, with the reason
 */
public record StoreJob(List<Instance> instances, List<Unreadable> unreadable) {

  /** At most 128 presentation contexts fit in one association (ids 1 to 255, odd). */
  public static final int MAX_CONTEXTS = 128;

  /** The largest file meta information group accepted. */
  private static final int MAX_META_BYTES = 1 << 16;

  /** VRs whose explicit VR header has a 32-bit length (PS3.5 7.1.2). */
  private static final Set<String> LONG_HEADER_VRS =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

  public StoreJob {
    instances = List.copyOf(instances);
    unreadable = List.copyOf(unreadable);
  }

  /**
   * One file to send.
   *
   * @param file the file
   * @param sopClassUid its SOP class
   * @param sopInstanceUid its SOP instance
   * @param transferSyntaxUid the transfer syntax its data set is encoded in
   * @param dataSetOffset where its data set starts in the file, after the file meta information
   * @param asLabelled false when the data set contradicts its transfer syntax (implicit VR data
   *     labelled explicit, or the reverse): then it is always re-encoded, never copied
   * @param size the file's size in bytes
   */
  public record Instance(
      Path file,
      String sopClassUid,
      String sopInstanceUid,
      String transferSyntaxUid,
      long dataSetOffset,
      boolean asLabelled,
      long size) {

    /** Uncompressed (or deflated) data that Ward can re-encode in another native syntax. */
    public boolean isNative() {
      return !TransferSyntax.of(transferSyntaxUid).encapsulated();
    }
  }

  /** A file that cannot be sent, and why. */
  public record Unreadable(Path file, String reason) {}

  /** Reads the header of each file (never its pixel data). */
  public static StoreJob scan(List<Path> files) {
    List<Instance> instances = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    for (Path f : files) {
      try {
        instances.add(read(f));
      } catch (DicomFormatException e) {
        unreadable.add(new Unreadable(f, "not valid DICOM: " + e.getMessage()));
      } catch (IOException e) {
        unreadable.add(new Unreadable(f, "cannot read: " + e.getMessage()));
      }
    }
    return new StoreJob(instances, unreadable);
  }

  static Instance read(Path file) throws IOException {
    DicomFile d =
        DicomReader.readFile(
            file,
            ReadOptions.DEFAULT
                .withStopBeforePixelData(true)
                .withBulkData(1024, DicomReader.fileRegions(file)));
    if (d.fileMeta().isEmpty()) {
      throw new DicomFormatException(0, "no file meta information");
    }
    DataSet ds = d.dataSet();
    DataSet meta = d.fileMeta();
    String sopClass = firstOf(ds.getString(Tags.SOPClassUID), meta.getString(0x00020002));
    String sopInstance = firstOf(ds.getString(Tags.SOPInstanceUID), meta.getString(0x00020003));
    if (sopClass == null || sopInstance == null) {
      throw new DicomFormatException(0, "no SOP Class UID or SOP Instance UID");
    }
    String ts = d.transferSyntax().uid();
    boolean asLabelled =
        d.transferSyntax().deflated() || d.transferSyntax().equals(TransferSyntax.of(ts));
    return new Instance(
        file, sopClass, sopInstance, ts, dataSetOffset(file), asLabelled, Files.size(file));
  }

  private static String firstOf(String a, String b) {
    return a != null && !a.isBlank() ? a.strip() : b == null || b.isBlank() ? null : b.strip();
  }

  /**
   * Where the data set starts: after the preamble, "DICM" and the group 0002 elements, which are
   * always explicit VR little endian (PS3.10 7.1).
   */
  static long dataSetOffset(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(132 + MAX_META_BYTES);
      int pos =
          head.length >= 132
                  && head[128] == 'D'
                  && head[129] == 'I'
                  && head[130] == 'C'
                  && head[131] == 'M'
              ? 132
              : 0;
      while (pos + 8 <= head.length && u16(head, pos) == 0x0002) {
        String vr = new String(head, pos + 4, 2, StandardCharsets.US_ASCII);
        long length;
        int header;
        if (LONG_HEADER_VRS.contains(vr)) {
          if (pos + 12 > head.length) {
            break;
          }
          length = u32(head, pos + 8);
          header = 12;
        } else {
          length = u16(head, pos + 6);
          header = 8;
        }
        if (length == 0xFFFFFFFFL || pos + header + length > head.length) {
          throw new DicomFormatException(pos, "file meta information too long or undefined");
        }
        pos += header + (int) length;
      }
      return pos;
    }
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFFFFFFL;
  }

  /**
   * The presentation contexts to propose: one for each SOP class and transfer syntax of the files,
   * so that every file can go as it is, and for each SOP class with native files one more offering
   * whichever of explicit and implicit VR little endian is not proposed already, to re-encode into
   * when the peer does not take a file's own syntax.
   *
   * @throws IllegalArgumentException when more than {@link #MAX_CONTEXTS} are needed
   */
  public List<Map.Entry<String, List<String>>> presentationContexts() {
    Map<String, Set<String>> syntaxes = new LinkedHashMap<>();
    Map<String, Set<String>> fallbacks = new LinkedHashMap<>();
    for (Instance i : instances) {
      syntaxes
          .computeIfAbsent(i.sopClassUid(), k -> new LinkedHashSet<>())
          .add(i.transferSyntaxUid());
      if (i.isNative()) {
        fallbacks.computeIfAbsent(
            i.sopClassUid(), k -> new LinkedHashSet<>(DicomClient.UNCOMPRESSED));
      }
    }
    List<Map.Entry<String, List<String>>> contexts = new ArrayList<>();
    syntaxes.forEach(
        (sop, tss) -> {
          for (String ts : tss) {
            contexts.add(Map.entry(sop, List.of(ts)));
          }
          Set<String> fallback = fallbacks.get(sop);
          if (fallback != null) {
            fallback.removeAll(tss);
            if (!fallback.isEmpty()) {
              contexts.add(Map.entry(sop, List.copyOf(fallback)));
            }
          }
        });
    if (contexts.size() > MAX_CONTEXTS) {
      throw new IllegalArgumentException(
          "the files need "
              + contexts.size()
              + " presentation contexts (SOP class and transfer syntax pairs); one association"
              + " holds at most "
              + MAX_CONTEXTS
              + ": send them in smaller groups");
    }
    return contexts;
  }

  /** The total size of the files to send. */
  public long totalBytes() {
    return instances.stream().mapToLong(Instance::size).sum();
  }
}
