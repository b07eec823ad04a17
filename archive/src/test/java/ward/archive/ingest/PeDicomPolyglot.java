package ward.archive.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds a file that is at once a valid Part 10 DICOM object and a valid Windows PE executable
 * (CVE-2019-11687): the DOS header sits in the 128-byte preamble, its e_lfanew points to PE headers
 * carried in the File Meta Information's Private Information element (0002,0102), and the one code
 * section ({@code xor eax, eax; ret}) lies at file offset 0x400 inside the same value. The data set
 * follows untouched.
 */
final class PeDicomPolyglot {
  private PeDicomPolyglot() {}

  private static final int FILE_ALIGNMENT = 0x200;
  private static final int HEADERS_END = 0x400;
  private static final int FILE_END = HEADERS_END + FILE_ALIGNMENT;

  static byte[] build(String sopClass, String sopInstance, byte[] explicitLittleDataSet) {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0001, "OB", new byte[] {0, 1});
    element(meta, 0x0002, "UI", ui(sopClass));
    element(meta, 0x0003, "UI", ui(sopInstance));
    element(meta, 0x0010, "UI", ui("1.2.840.10008.1.2.1"));
    element(meta, 0x0012, "UI", ui("1.2.826.0.1.3680043.9.7433.99"));
    element(meta, 0x0100, "UI", ui("1.2.826.0.1.3680043.9.7433.98"));
    // where (0002,0102)'s value will start: preamble, DICM, group length element, the above, and
    // the private information element's own 12-byte header
    int valueStart = 128 + 4 + 12 + meta.size() + 12;
    int peOffset = (valueStart + 7) & ~7;
    byte[] value = new byte[FILE_END - valueStart];
    byte[] headers = peHeaders();
    System.arraycopy(headers, 0, value, peOffset - valueStart, headers.length);
    byte[] code = {0x31, (byte) 0xC0, (byte) 0xC3}; // xor eax, eax; ret
    System.arraycopy(code, 0, value, HEADERS_END - valueStart, code.length);
    element(meta, 0x0102, "OB", value);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] preamble = new byte[128];
    preamble[0] = 'M';
    preamble[1] = 'Z';
    ByteBuffer.wrap(preamble, 0x3C, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(peOffset);
    out.writeBytes(preamble);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer groupLength = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    groupLength.putInt(meta.size());
    element(out, 0x0000, "UL", groupLength.array());
    out.writeBytes(meta.toByteArray());
    if (out.size() != FILE_END) {
      throw new IllegalStateException("layout is off: " + out.size());
    }
    out.writeBytes(explicitLittleDataSet);
    return out.toByteArray();
  }

  private static byte[] peHeaders() {
    ByteBuffer b = ByteBuffer.allocate(4 + 20 + 224 + 40).order(ByteOrder.LITTLE_ENDIAN);
    b.put("PE\0\0".getBytes(StandardCharsets.ISO_8859_1));
    // COFF file header
    b.putShort((short) 0x014C).putShort((short) 1).putInt(0).putInt(0).putInt(0);
    b.putShort((short) 224).putShort((short) 0x0102);
    // PE32 optional header
    b.putShort((short) 0x010B).put((byte) 0).put((byte) 0);
    b.putInt(FILE_ALIGNMENT).putInt(0).putInt(0); // sizes of code, data, bss
    b.putInt(0x1000).putInt(0x1000).putInt(0x2000); // entry point, base of code, base of data
    b.putInt(0x00400000).putInt(0x1000).putInt(FILE_ALIGNMENT); // image base, alignments
    b.putShort((short) 4).putShort((short) 0).putShort((short) 0).putShort((short) 0);
    b.putShort((short) 4).putShort((short) 0).putInt(0); // subsystem version, win32 version
    b.putInt(0x2000).putInt(HEADERS_END).putInt(0); // image size, headers size, checksum
    b.putShort((short) 3).putShort((short) 0); // console subsystem
    b.putInt(0x100000).putInt(0x1000).putInt(0x100000).putInt(0x1000);
    b.putInt(0).putInt(16);
    b.position(b.position() + 16 * 8); // empty data directories
    // the .text section
    b.put(".text\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
    b.putInt(FILE_ALIGNMENT).putInt(0x1000).putInt(FILE_ALIGNMENT).putInt(HEADERS_END);
    b.putInt(0).putInt(0).putShort((short) 0).putShort((short) 0).putInt(0x60000020);
    return b.array();
  }

  private static byte[] ui(String uid) {
    byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
    if (b.length % 2 == 0) {
      return b;
    }
    byte[] padded = new byte[b.length + 1];
    System.arraycopy(b, 0, padded, 0, b.length);
    return padded;
  }

  private static void element(ByteArrayOutputStream out, int element, String vr, byte[] value) {
    boolean longForm = vr.equals("OB");
    ByteBuffer h = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
    h.putShort((short) 0x0002)
        .putShort((short) element)
        .put(vr.getBytes(StandardCharsets.US_ASCII));
    if (longForm) {
      h.putShort((short) 0).putInt(value.length);
    } else {
      h.putShort((short) value.length);
    }
    out.writeBytes(h.array());
    out.writeBytes(value);
  }
}
