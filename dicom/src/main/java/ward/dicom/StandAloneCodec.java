package ward.dicom;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The character sets that allow no code extensions (PS3.3 Table C.12-5): UTF-8, GB18030 and GBK.
 * Text is decoded whole: escape sequences and delimiters have no special meaning, and a trail byte
 * 5C of GB18030 or GBK stays part of its character.
 *
 * <p>GB18030 and GBK are decoded with Python's mappings, which pydicom uses: the JDK's GB18030
 * follows GB 18030-2022 in recent updates and maps 38 sequences differently, and its GBK lacks A8
 * 92; those entries are fixed here in both directions, so the result does not depend on the JDK.
 */
final class StandAloneCodec implements SpecificCharacterSet.Codec {

  static final StandAloneCodec UTF_8 = new StandAloneCodec(StandardCharsets.UTF_8, false, "");

  /** Sequences where Python's gb18030 codec (GB 18030-2000) differs from GB 18030-2022. */
  static final StandAloneCodec GB18030 =
      new StandAloneCodec(
          Charset.forName("GB18030"),
          true,
          "a6d9=E78D a6da=E78E a6db=E78F a6dc=E790 a6dd=E791 a6de=E792 a6df=E793 a6ec=E794"
              + " a6ed=E795 a6f3=E796 a8bc=E7C7 fe59=E81E fe61=E826 fe66=E82B fe67=E82C"
              + " fe6d=E832 fe7e=E843 fe90=E854 fea0=E864 8135f437=1E3F 82359037=9FB4"
              + " 82359038=9FB5 82359039=9FB6 82359130=9FB7 82359131=9FB8 82359132=9FB9"
              + " 82359133=9FBA 82359134=9FBB 84318236=FE10 84318237=FE11 84318238=FE12"
              + " 84318239=FE13 84318330=FE14 84318331=FE15 84318332=FE16 84318333=FE17"
              + " 84318334=FE18 84318335=FE19");

  static final StandAloneCodec GBK =
      new StandAloneCodec(Charset.forName("GBK"), false, "a892=2295");

  private final Charset charset;
  private final boolean fourByteSequences;

  /** Byte sequence, packed big-endian in an int, to character. */
  private final Map<Integer, Character> decodeOverrides;

  private final Map<Character, byte[]> encodeOverrides;

  private StandAloneCodec(Charset charset, boolean fourByteSequences, String overrides) {
    this.charset = charset;
    this.fourByteSequences = fourByteSequences;
    Map<Integer, Character> decode = new HashMap<>();
    Map<Character, byte[]> encode = new HashMap<>();
    for (String entry : overrides.split(" ", -1)) {
      if (entry.isEmpty()) {
        continue;
      }
      byte[] sequence = HexFormat.of().parseHex(entry.substring(0, entry.indexOf('=')));
      char c = (char) Integer.parseInt(entry.substring(entry.indexOf('=') + 1), 16);
      decode.put(pack(sequence, 0, sequence.length), c);
      encode.put(c, sequence);
    }
    decodeOverrides = Map.copyOf(decode);
    encodeOverrides = Map.copyOf(encode);
  }

  private static int pack(byte[] bytes, int from, int length) {
    int packed = 0;
    for (int i = from; i < from + length; i++) {
      packed = (packed << 8) | (bytes[i] & 0xFF);
    }
    return packed;
  }

  @Override
  public String decode(byte[] bytes, int offset, int length, VR vr) {
    int end = offset + length;
    if (decodeOverrides.isEmpty()) {
      return new String(bytes, offset, length, charset);
    }
    StringBuilder out = null;
    int runStart = offset;
    int i = offset;
    while (i < end) {
      int b = bytes[i] & 0xFF;
      if (b < 0x81 || b == 0xFF || i + 1 == end) {
        i++;
        continue;
      }
      int b2 = bytes[i + 1] & 0xFF;
      int size = fourByteSequences && b2 >= 0x30 && b2 <= 0x39 ? 4 : 2;
      if (i + size > end) {
        i++;
        continue;
      }
      Character c = decodeOverrides.get(pack(bytes, i, size));
      if (c != null) {
        if (out == null) {
          out = new StringBuilder(length);
        }
        out.append(new String(bytes, runStart, i - runStart, charset)).append(c.charValue());
        runStart = i + size;
      }
      i += size;
    }
    if (out == null) {
      return new String(bytes, offset, length, charset);
    }
    return out.append(new String(bytes, runStart, end - runStart, charset)).toString();
  }

  @Override
  public byte[] encode(String text, VR vr) {
    if (encodeOverrides.isEmpty()) {
      return text.getBytes(charset);
    }
    Iso2022Codec.ByteSink out = null;
    int runStart = 0;
    for (int i = 0; i < text.length(); i++) {
      byte[] sequence = encodeOverrides.get(text.charAt(i));
      if (sequence != null) {
        if (out == null) {
          out = new Iso2022Codec.ByteSink(text.length() * 2);
        }
        out.write(text.substring(runStart, i).getBytes(charset));
        out.write(sequence);
        runStart = i + 1;
      }
    }
    if (out == null) {
      return text.getBytes(charset);
    }
    out.write(text.substring(runStart).getBytes(charset));
    return out.toByteArray();
  }

  boolean isUtf8() {
    return charset.equals(StandardCharsets.UTF_8);
  }
}
