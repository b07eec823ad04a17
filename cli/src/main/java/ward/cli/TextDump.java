package ward.cli;

import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.List;
import ward.dicom.BulkData;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.Element;
import ward.dicom.ElementDictionary;
import ward.dicom.Tag;
import ward.dicom.UidDictionary;
import ward.dicom.VR;
import ward.dicom.Value;

/** A readable listing of a data set, one element a line, in the manner of dcmdump. */
final class TextDump {
  private static final int MAX_TEXT = 80;
  private static final int MAX_NUMBERS = 16;
  private static final int MAX_BYTES = 16;

  private TextDump() {}

  static void print(DicomFile file, PrintWriter out) {
    if (!file.fileMeta().isEmpty()) {
      byte[] pre = file.preamble();
      out.println("# File meta information" + (pre == null ? " (no preamble)" : preamble(pre)));
      print(file.fileMeta(), 0, out);
    }
    out.println("# Data set: " + UidDictionary.nameOf(file.transferSyntax().uid()));
    print(file.dataSet(), 0, out);
  }

  private static String preamble(byte[] pre) {
    for (byte b : pre) {
      if (b != 0) {
        return " (preamble has content: " + HexFormat.of().formatHex(pre, 0, 8) + "...)";
      }
    }
    return "";
  }

  static void print(DataSet ds, int depth, PrintWriter out) {
    String indent = "  ".repeat(depth);
    for (Element e : ds) {
      String keyword = ElementDictionary.keywordOf(e.tag());
      if (keyword == null && Tag.isPrivate(e.tag())) {
        String creator = ds.privateCreatorOf(e.tag());
        keyword = creator == null ? "Unknown" : "Private [" + creator + "]";
      }
      String head = indent + Tag.toString(e.tag()) + " " + e.vr() + " " + describe(ds, e);
      out.println(pad(head, 64) + " # " + (keyword == null ? "Unknown" : keyword));
      if (e.value() instanceof Value.Sequence seq) {
        List<DataSet> items = seq.items();
        for (int i = 0; i < items.size(); i++) {
          out.println(indent + "  (FFFE,E000) item " + (i + 1));
          print(items.get(i), depth + 2, out);
        }
      } else if (e.value() instanceof Value.Fragments frags) {
        List<Value.Binary> list = frags.fragments();
        for (int i = 0; i < list.size(); i++) {
          out.println(
              indent
                  + "  (FFFE,E000) "
                  + (i == 0 ? "offset table " : "fragment " + i + " ")
                  + binary(list.get(i)));
        }
      }
    }
  }

  private static String describe(DataSet ds, Element e) {
    Value v = e.value();
    if (v instanceof Value.Sequence seq) {
      int n = seq.items().size();
      return "(" + n + (n == 1 ? " item)" : " items)");
    }
    if (v instanceof Value.Fragments frags) {
      return "(encapsulated, " + (frags.fragments().size() - 1) + " fragments)";
    }
    if (v instanceof BulkData) {
      return binary((Value.Binary) v);
    }
    VR vr = e.vr();
    try {
      if (vr.isText()) {
        return truncate("[" + String.join("\\", ds.getStrings(e.tag())) + "]");
      }
      if (vr.kind() == VR.Kind.BINARY_NUMBER) {
        String[] values = ds.getStrings(e.tag());
        int n = Math.min(values.length, MAX_NUMBERS);
        String shown = String.join("\\", List.of(values).subList(0, n));
        return shown + (values.length > n ? "\\... (" + values.length + " values)" : "");
      }
    } catch (IllegalArgumentException ex) {
      return "<unreadable: " + ex.getMessage() + ">";
    }
    return binary((Value.Binary) v);
  }

  private static String binary(Value.Binary b) {
    if (b instanceof BulkData bulk) {
      return "<" + bulk.length() + " bytes at offset " + bulk.offset() + ">";
    }
    byte[] bytes = ((Value.Bytes) b).bytes();
    int n = Math.min(bytes.length, MAX_BYTES);
    return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, n)
        + (bytes.length > n ? " ... (" + bytes.length + " bytes)" : "");
  }

  private static String truncate(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 4) + "...]";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
