package ward.dicom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Text in the single-byte character sets and the ISO 2022 code extensions of PS3.5 6.1.2.5 and
 * PS3.3 C.12.1.1.2: G0 and G1 designated by escape sequences as they appear, both reset to those of
 * the first defined term at every delimiter.
 *
 * <p>Decoding follows the standard's model, in which a designation changes one code element only,
 * and matches pydicom 2.3 on conformant text. Where pydicom differs, only on text that is not
 * conformant:
 *
 * <ul>
 *   <li>pydicom decodes everything after an escape sequence with one Python codec until the next
 *       delimiter, so after {@code ESC ( B} it reads GR as Latin-1 and after {@code ESC ( J} as
 *       Katakana, where Ward keeps the G1 set in force;
 *   <li>pydicom splits person names on '=' and values on '\' before decoding, and does not reset on
 *       '^' inside JIS X 0208 text, so it breaks JIS characters containing those bytes; Ward reads
 *       bytes 21-7E in pairs while a double-byte set is in G0, and resets there only on CR, LF, FF
 *       and TAB;
 *   <li>pydicom keeps {@code ESC $ ) A} in the decoded text (it hands it to Python's GB2312 codec,
 *       which does not know it); Ward removes it like any other designation.
 * </ul>
 *
 * <p>An escape sequence that is not DICOM's, or designates a set none of the defined terms names,
 * is kept as U+001B followed by its bytes decoded with the initial sets, as pydicom's fallback
 * does.
 *
 * <p>Encoding puts each character in the first defined term's set that has it (ASCII characters
 * always in the first term's single-byte G0) and writes a designation only when the set is not
 * already in force. It returns G0 to the initial set before every control character and delimiter
 * and at the end, as PS3.5 6.1.2.5.3 requires, and never relies on a designation made before the
 * last escape sequence, so that decoders which, like pydicom, decode each escape sequence's run of
 * bytes alone read the same text.
 */
final class Iso2022Codec implements SpecificCharacterSet.Codec {

  /** The code elements one defined term designates; null where it designates none. */
  record Designation(GraphicCharacterSet g0, GraphicCharacterSet g1) {}

  private static final char ESC = (char) GraphicCharacterSet.ESC;

  private final GraphicCharacterSet initialG0;
  private final GraphicCharacterSet initialG1;

  /** The GR set pydicom would use at the start of a value: none when it starts in JIS X 0208. */
  private final GraphicCharacterSet initialRunG1;

  private final Set<GraphicCharacterSet> designatable;
  private final List<Candidate> candidates;

  /** A set the encoder may use, and whether it may designate it by an escape sequence. */
  private record Candidate(GraphicCharacterSet set, boolean escapeAllowed) {}

  Iso2022Codec(List<Designation> terms) {
    Designation first = terms.get(0);
    boolean firstIsDoubleByte = first.g0() != null && first.g0().isDoubleByte();
    // A first term that designates no single-byte G0 starts in ASCII; one that designates no G1
    // reads GR as Latin-1, pydicom's choice for the default repertoire.
    initialG0 = first.g0() != null && !firstIsDoubleByte ? first.g0() : GraphicCharacterSet.ASCII;
    initialG1 = first.g1() != null ? first.g1() : GraphicCharacterSet.LATIN1;
    initialRunG1 = firstIsDoubleByte ? null : initialG1;

    EnumSet<GraphicCharacterSet> sets = EnumSet.of(GraphicCharacterSet.ASCII);
    List<Candidate> order = new ArrayList<>();
    if (first.g1() == null && !firstIsDoubleByte) {
      order.add(new Candidate(GraphicCharacterSet.LATIN1, false));
    }
    for (Designation term : terms) {
      if (term.g0() != null) {
        sets.add(term.g0());
        if (term.g0().isDoubleByte()) {
          order.add(new Candidate(term.g0(), true));
        }
      }
      if (term.g1() != null) {
        sets.add(term.g1());
        order.add(new Candidate(term.g1(), true));
      }
    }
    designatable = sets;
    candidates = List.copyOf(order);
  }

  @Override
  public String decode(byte[] bytes, int offset, int length, VR vr) {
    int end = offset + length;
    if (isPlainAscii(bytes, offset, end)) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    boolean multiValued = vr.kind() == VR.Kind.STRING;
    boolean personName = vr == VR.PN;
    StringBuilder out = new StringBuilder(length);
    GraphicCharacterSet g0 = initialG0;
    GraphicCharacterSet g1 = initialG1;
    int i = offset;
    while (i < end) {
      int b = bytes[i] & 0xFF;
      if (b == ESC) {
        GraphicCharacterSet set = GraphicCharacterSet.designatedAt(bytes, i, end);
        if (set != null && designatable.contains(set)) {
          if (set.isG0()) {
            g0 = set;
          } else {
            g1 = set;
          }
          i += set.escapeLength();
        } else {
          out.append(ESC);
          g0 = initialG0;
          g1 = initialG1;
          i++;
        }
      } else if (b >= 0x80) {
        i = g1.decodeRight(bytes, i, end, out);
      } else if (b > 0x20 && b < 0x7F && g0.isDoubleByte()) {
        i = g0.decodeLeft(bytes, i, end, out);
      } else {
        if (isDelimiter(b, multiValued, personName)) {
          g0 = initialG0;
          g1 = initialG1;
        }
        out.append((char) b);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isPlainAscii(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0 || bytes[i] == ESC) {
        return false;
      }
    }
    return true;
  }

  /** PS3.5 6.1.2.5.3: the characters before which the initial character sets are in force. */
  private static boolean isDelimiter(int c, boolean multiValued, boolean personName) {
    return switch (c) {
      case '\r', '\n', '\t', '\f' -> true;
      case '\\' -> multiValued;
      case '^', '=' -> personName;
      default -> false;
    };
  }

  @Override
  public byte[] encode(String text, VR vr) {
    return new Encoder(text.length(), vr).encode(text);
  }

  /** The state of one encoding. */
  private final class Encoder {
    private final ByteSink out;
    private final boolean multiValued;
    private final boolean personName;
    private GraphicCharacterSet g0 = initialG0;
    private GraphicCharacterSet g1 = initialG1;

    /**
     * The GR set a decoder that decodes each escape sequence's run alone (pydicom) would use here;
     * null inside a run of a double-byte G0 set, where it would not accept GR.
     */
    private GraphicCharacterSet runG1 = initialRunG1;

    Encoder(int length, VR vr) {
      out = new ByteSink(length + 16);
      multiValued = vr.kind() == VR.Kind.STRING;
      personName = vr == VR.PN;
    }

    byte[] encode(String text) {
      for (int i = 0; i < text.length(); ) {
        int c = text.codePointAt(i);
        i += Character.charCount(c);
        if (c < 0x20 || c == 0x7F || isDelimiter(c, multiValued, personName)) {
          restoreG0();
          if (isDelimiter(c, multiValued, personName)) {
            g1 = initialG1;
            runG1 = initialRunG1;
          }
          // An ESC in the text would be read as an escape sequence.
          out.write(c == ESC ? '?' : c);
        } else if (c < 0x80) {
          restoreG0();
          out.write(c);
        } else if (!encodeWithCandidates(c)) {
          restoreG0();
          out.write('?');
        }
      }
      restoreG0();
      return out.toByteArray();
    }

    private boolean encodeWithCandidates(int c) {
      for (Candidate candidate : candidates) {
        int code = candidate.set().encode(c);
        if (code >= 0 && write(candidate, code)) {
          return true;
        }
      }
      return false;
    }

    private boolean write(Candidate candidate, int code) {
      GraphicCharacterSet set = candidate.set();
      if (set.isG0()) {
        // a double-byte G0 set (single-byte G0 sets only hold ASCII, written directly)
        if (g0 != set) {
          set.writeEscape(out);
          g0 = set;
          runG1 = null;
        }
        out.write(code >> 8);
        out.write(code & 0xFF);
        return true;
      }
      GraphicCharacterSet runG1AfterRestore = g0.isDoubleByte() ? runG1After(initialG0) : runG1;
      boolean inForce = g1 == set && runG1AfterRestore == set;
      if (!inForce && !candidate.escapeAllowed()) {
        return false;
      }
      restoreG0();
      if (!inForce) {
        set.writeEscape(out);
        g1 = set;
        runG1 = set;
      }
      if (set.isDoubleByte()) {
        out.write(code >> 8);
      }
      out.write(code & 0xFF);
      return true;
    }

    private void restoreG0() {
      if (g0.isDoubleByte()) {
        initialG0.writeEscape(out);
        g0 = initialG0;
        runG1 = runG1After(initialG0);
      }
    }
  }

  /**
   * The GR set pydicom uses after the escape sequence designating {@code set}: its codec for ESC (
   * B is Latin-1, for ESC ( J Shift_JIS.
   */
  private static GraphicCharacterSet runG1After(GraphicCharacterSet set) {
    return switch (set) {
      case ASCII -> GraphicCharacterSet.LATIN1;
      case JIS_X0201_ROMAN -> GraphicCharacterSet.JIS_X0201_KATAKANA;
      default -> set.isG0() ? null : set;
    };
  }

  /** A growing byte array. */
  static final class ByteSink {
    private byte[] bytes;
    private int size;

    ByteSink(int capacity) {
      bytes = new byte[Math.max(capacity, 16)];
    }

    void write(int b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, size * 2);
      }
      bytes[size++] = (byte) b;
    }

    void write(byte[] b) {
      for (byte x : b) {
        write(x);
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }
}
