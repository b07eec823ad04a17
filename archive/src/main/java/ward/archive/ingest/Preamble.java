package ward.archive.ingest;

import java.nio.charset.StandardCharsets;

/**
 * What the 128-byte preamble of a Part 10 file holds (PS3.10 7.1). The standard lets applications
 * put anything there, which is how a file can be a valid DICOM object and a program at once
 * (CVE-2019-11687: a Windows executable whose DICOM elements carry the rest of it). Ward never
 * stores a received preamble; this tells an executable one apart so it can be quarantined and
 * reported.
 */
public enum Preamble {
  /** All zero, as PS3.10 recommends when there is no application profile. */
  ZERO(false, "zero"),
  /** A TIFF or BigTIFF header (the dual-personality files PS3.10 allows). */
  TIFF(false, "TIFF header"),
  /** Something else that is not a known executable format. */
  OTHER(false, "application data"),
  /** A Windows PE executable: 'MZ' and a 'PE\0\0' header where e_lfanew points. */
  PE(true, "Windows PE executable"),
  /** 'MZ': a DOS or Windows executable whose PE header lies past the preamble. */
  MZ(true, "DOS/Windows executable (MZ)"),
  /** An ELF executable or library. */
  ELF(true, "ELF executable"),
  /** A Mach-O executable (thin or universal). */
  MACH_O(true, "Mach-O executable"),
  /** A script with an interpreter line ('#!'). */
  SCRIPT(true, "script ('#!')");

  private final boolean executable;
  private final String description;

  Preamble(boolean executable, String description) {
    this.executable = executable;
    this.description = description;
  }

  public boolean executable() {
    return executable;
  }

  public String description() {
    return description;
  }

  /**
   * Classifies a preamble. {@code p} holds the preamble (128 bytes) and may hold the bytes that
   * follow it in the file, where the PE header of a polyglot usually lies: e_lfanew is followed as
   * far as {@code p} goes.
   */
  public static Preamble of(byte[] p) {
    if (starts(p, 'M', 'Z')) {
      if (p.length >= 0x40) {
        long lfanew = u8(p, 0x3C) | u8(p, 0x3D) << 8 | u8(p, 0x3E) << 16 | (long) u8(p, 0x3F) << 24;
        if (lfanew + 4 <= p.length
            && new String(p, (int) lfanew, 4, StandardCharsets.ISO_8859_1).equals("PE\0\0")) {
          return PE;
        }
      }
      return MZ;
    }
    if (starts(p, 0x7F, 'E', 'L', 'F')) {
      return ELF;
    }
    if (starts(p, 0xFE, 0xED, 0xFA, 0xCE)
        || starts(p, 0xFE, 0xED, 0xFA, 0xCF)
        || starts(p, 0xCE, 0xFA, 0xED, 0xFE)
        || starts(p, 0xCF, 0xFA, 0xED, 0xFE)
        || starts(p, 0xCA, 0xFE, 0xBA, 0xBE)) {
      return MACH_O;
    }
    if (starts(p, '#', '!')) {
      return SCRIPT;
    }
    if (starts(p, 'I', 'I', 0x2A, 0x00)
        || starts(p, 'M', 'M', 0x00, 0x2A)
        || starts(p, 'I', 'I', 0x2B, 0x00)
        || starts(p, 'M', 'M', 0x00, 0x2B)) {
      return TIFF;
    }
    for (int i = 0; i < Math.min(128, p.length); i++) {
      if (p[i] != 0) {
        return OTHER;
      }
    }
    return ZERO;
  }

  private static int u8(byte[] p, int i) {
    return p[i] & 0xFF;
  }

  private static boolean starts(byte[] p, int... prefix) {
    if (p.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((p[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
