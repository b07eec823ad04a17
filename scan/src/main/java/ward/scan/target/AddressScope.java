package ward.scan.target;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Where an address lies: this machine, a private network, or the public internet. Public targets
 * are scanned only with {@code --authorized}: the scanner is for systems the user may test.
 */
public enum AddressScope {
  LOOPBACK,
  PRIVATE,
  PUBLIC;

  /** The scope of an address; decided from the address alone, nothing is sent. */
  public static AddressScope of(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return LOOPBACK;
    }
    if (address.isAnyLocalAddress()) {
      return LOOPBACK; // 0.0.0.0 and :: reach this machine
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int a0 = b[0] & 0xFF;
      int a1 = b[1] & 0xFF;
      // RFC 1918 private ranges, RFC 6598 shared address space, RFC 3927 link-local
      if (a0 == 10
          || (a0 == 172 && a1 >= 16 && a1 <= 31)
          || (a0 == 192 && a1 == 168)
          || (a0 == 100 && a1 >= 64 && a1 <= 127)
          || (a0 == 169 && a1 == 254)) {
        return PRIVATE;
      }
      return PUBLIC;
    }
    if (address instanceof Inet6Address v6) {
      if (v6.isIPv4CompatibleAddress()) {
        try {
          return of(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (java.net.UnknownHostException impossible) {
          return PUBLIC;
        }
      }
      int first = b[0] & 0xFF;
      // RFC 4193 unique local fc00::/7, RFC 4291 link-local fe80::/10
      if ((first & 0xFE) == 0xFC || (first == 0xFE && (b[1] & 0xC0) == 0x80)) {
        return PRIVATE;
      }
      return PUBLIC;
    }
    return PUBLIC;
  }
}
