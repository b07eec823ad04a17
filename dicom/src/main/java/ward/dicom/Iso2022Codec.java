package ward.dicom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Text in the single-byte character sets and the ISO 2022 code extensions of PS3.5 6.1.2.5 and
 * PS3.3 C.12.1.1.2: character sets switched by escape sequences as they appear, and reset to those
 * of the first defined term at every delimiter (PS3.5 6.1.2.5.3).
 *
 * <p>An escape sequence selects the sets in force the way pydicom 2.3 (and dcmtk and dcm4che) read
 * them, each as a whole code: a single-byte set's sequence puts ASCII (for ISO-IR 13, JIS X 0201
 * Romaji) in GL and the set in GR; {@code ESC ( B} puts ASCII in GL and, like pydicom's default,
 * Latin-1 in GR; a double-byte G0 set's sequence changes GL only. Decoding matches pydicom on any
 * text pydicom decodes without replacement characters, except:
 *
 * <ul>
 *   <li>pydicom splits person names on '=' and values on '\' before decoding, and does not reset on
 *       '^' inside JIS X 0208 text, so it breaks JIS characters containing those bytes; Ward reads
 *       bytes 21-7E in pairs while a double-byte set is in GL, and resets there only on CR, LF, FF
 *       and TAB;
 *   <li>pydicom keeps {@code ESC $ ) A} in the decoded text (it hands it to Python's GB2312 codec,
 *       which does not know it); Ward removes it like any other designation.
 * </ul>
 *
 * <p>An escape sequence that is not DICOM's, or designates a set none of the defined terms names,
 * is kept as U+001B followed by its bytes decoded with the initial sets, as pydicom's fallback
 * does.
 *
 * <p>Encoding puts each character in the first defined term's set that has it (ASCII characters in
 * the first term's single-byte GL set) and writes an escape sequence only when that set is not in
 * force. It returns GL to the initial set before every control character and delimiter and at the
 * end, as PS3.5 6.1.2.5.3 requires, and out of a double-byte set before any GR character, so that
 * both the model above and the ISO 2022 model of independent G0 and G1 read the same text.
 */
final class Iso2022Codec implements SpecificCharacterSet.Codec {

  /** The code elements one defined term designates; null where it designates none. */
  record Designation(GraphicCharacterSet g0, GraphicCharacterSet g1) {}

  private static final char ESC = (char) GraphicCharacterSet.ESC;

  private final GraphicCharacterSet initialG0;
  private final GraphicCharacterSet initialG1;

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
          g0 = inGl(set);
          g1 = inGr(set, g1);
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

  /** The set in GL after the escape sequence designating {@code set}. */
  private static GraphicCharacterSet inGl(GraphicCharacterSet set) {
    return switch (set) {
      case JIS_X0208, JIS_X0212, ASCII, JIS_X0201_ROMAN -> set;
      case JIS_X0201_KATAKANA -> GraphicCharacterSet.JIS_X0201_ROMAN;
      default -> GraphicCharacterSet.ASCII;
    };
  }

  /** The set in GR after the escape sequence designating {@code set}. */
  private static GraphicCharacterSet inGr(GraphicCharacterSet set, GraphicCharacterSet gr) {
    return switch (set) {
      case JIS_X0208, JIS_X0212 -> gr;
      case ASCII -> GraphicCharacterSet.LATIN1;
      case JIS_X0201_ROMAN -> GraphicCharacterSet.JIS_X0201_KATAKANA;
      default -> set;
    };
  }

  /** The state of one encoding: the sets in force, as the decoder above would have them. */
  private final class Encoder {
    private final ByteSink out;
    private final boolean multiValued;
    private final boolean personName;
    private GraphicCharacterSet gl = initialG0;
    private GraphicCharacterSet gr = initialG1;

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
          leaveDoubleByteGl();
          if (isDelimiter(c, multiValued, personName)) {
            gl = initialG0;
            gr = initialG1;
          }
          // An ESC in the text would be read as an escape sequence.
          out.write(c == ESC ? '?' : c);
        } else if (c < 0x80) {
          leaveDoubleByteGl();
          out.write(c);
        } else if (!encodeWithCandidates(c)) {
          leaveDoubleByteGl();
          out.write('?');
        }
      }
      leaveDoubleByteGl();
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
        // a double-byte GL set (ASCII characters are written directly)
        if (gl != set) {
          designate(set);
        }
        out.write(code >> 8);
        out.write(code & 0xFF);
        return true;
      }
      GraphicCharacterSet grOnceOutOfGl = gl.isDoubleByte() ? inGr(initialG0, gr) : gr;
      boolean inForce = grOnceOutOfGl == set;
      if (!inForce && !candidate.escapeAllowed()) {
        return false;
      }
      leaveDoubleByteGl();
      if (!inForce) {
        designate(set);
      }
      if (set.isDoubleByte()) {
        out.write(code >> 8);
      }
      out.write(code & 0xFF);
      return true;
    }

    private void leaveDoubleByteGl() {
      if (gl.isDoubleByte()) {
        designate(initialG0);
      }
    }

    private void designate(GraphicCharacterSet set) {
      set.writeEscape(out);
      gl = inGl(set);
      gr = inGr(set, gr);
    }
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
