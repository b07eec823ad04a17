package ward.scan.target;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the user gives into endpoints: {@code HOST}, {@code HOST:PORT}, {@code [IPV6]:PORT},
 * CIDR ranges ({@code 10.0.0.0/24}, {@code fd00::/120}), and files with one target a line — plain,
 * nmap's grepable output ({@code -oG}) or masscan's list output ({@code -oL}). A target without a
 * port gets every default port.
 */
public final class Targets {

  /** Ports DICOM is commonly found on: 104 (PS3.8 well-known), 11112, 2761/2762 (TLS), 4242. */
  public static final List<Integer> DICOM_PORTS = List.of(104, 11112, 2761, 2762, 4242);

  /** Web ports PACS viewers and DICOMweb are found on. */
  public static final List<Integer> WEB_PORTS = List.of(80, 443, 8042, 8080, 8443);

  /** The largest range expanded: 65,536 addresses. */
  public static final int MAX_RANGE_ADDRESSES = 1 << 16;

  /** The most endpoints one scan assesses. */
  public static final int MAX_ENDPOINTS = 1 << 20;

  private static final Pattern NMAP_GREPABLE =
      Pattern.compile("^Host:\\s+(\\S+)\\s.*?Ports:\\s+(.*)$");
  private static final Pattern NMAP_PORT = Pattern.compile("(\\d+)/open/tcp");
  private static final Pattern MASSCAN_LIST =
      Pattern.compile("^open\\s+tcp\\s+(\\d+)\\s+(\\S+)(\\s.*)?$");
  private static final Pattern HOST_CHARS = Pattern.compile("[A-Za-z0-9.\\-_:%]+");

  private final List<Integer> dicomPorts;
  private final List<Integer> webPorts;
  private final Resolver resolver;
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

  /** Resolves host names; addresses are parsed without any lookup. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress resolve(String host) throws UnknownHostException;
  }

  public Targets(List<Integer> dicomPorts, List<Integer> webPorts, Resolver resolver) {
    for (int p : dicomPorts) {
      checkPort(p);
    }
    for (int p : webPorts) {
      checkPort(p);
    }
    this.dicomPorts = List.copyOf(dicomPorts);
    this.webPorts = List.copyOf(webPorts);
    this.resolver = resolver;
  }

  /** With the default ports and the system's resolver. */
  public static Targets withDefaults() {
    return new Targets(DICOM_PORTS, WEB_PORTS, InetAddress::getByName);
  }

  /** The endpoints added so far, each address and port once, in the order given. */
  public List<Endpoint> endpoints() {
    return List.copyOf(endpoints.values());
  }

  /**
   * Adds one target as written on the command line.
   *
   * @throws IllegalArgumentException with a reason a person can act on
   */
  public Targets add(String spec) {
    String s = spec == null ? "" : spec.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty target");
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      addRange(s.substring(0, slash), s.substring(slash + 1), s);
      return this;
    }
    String host;
    Integer port = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + s + "': no closing bracket");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("'" + s + "' is not [IPV6]:PORT");
        }
        port = parsePort(rest.substring(1), s);
      }
    } else {
      int first = s.indexOf(':');
      int last = s.lastIndexOf(':');
      if (first >= 0 && first == last) {
        host = s.substring(0, first);
        port = parsePort(s.substring(first + 1), s);
      } else {
        host = s; // no colon, or a bare IPv6 address
      }
    }
    addHost(host, port, s);
    return this;
  }

  /** Adds every target of a file: plain lines, nmap -oG or masscan -oL; '#' starts a comment. */
  public Targets addFile(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        Matcher m = NMAP_GREPABLE.matcher(line);
        if (m.matches()) {
          Matcher p = NMAP_PORT.matcher(m.group(2));
          while (p.find()) {
            addHost(m.group(1), parsePort(p.group(1), line), line);
          }
          continue;
        }
        if (line.startsWith("Host:")) {
          continue; // nmap's "Status: Up" lines
        }
        m = MASSCAN_LIST.matcher(line);
        if (m.matches()) {
          addHost(m.group(2), parsePort(m.group(1), line), line);
          continue;
        }
        String[] words = line.split("[\\s,]+");
        if (words.length == 2 && words[1].chars().allMatch(Character::isDigit)) {
          addHost(words[0], parsePort(words[1], line), line);
        } else {
          add(words[0]);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage(), e);
      }
    }
    return this;
  }

  private void addHost(String host, Integer port, String spec) {
    if (host.isEmpty() || host.length() > 253 || !HOST_CHARS.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + spec + "': '" + host + "' is not a host or address");
    }
    InetAddress address;
    try {
      address = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + spec + "': unknown host " + host, e);
    }
    addAddress(host, address, port);
  }

  private void addAddress(String host, InetAddress address, Integer port) {
    if (port != null) {
      put(new Endpoint(host, address, port, EnumSet.allOf(Protocol.class)));
      return;
    }
    for (int p : dicomPorts) {
      put(new Endpoint(host, address, p, Set.of(Protocol.DICOM)));
    }
    for (int p : webPorts) {
      put(new Endpoint(host, address, p, Set.of(Protocol.WEB)));
    }
  }

  private void put(Endpoint e) {
    Endpoint before = endpoints.get(e.key());
    if (before != null) {
      EnumSet<Protocol> both = EnumSet.copyOf(before.protocols());
      both.addAll(e.protocols());
      endpoints.put(e.key(), new Endpoint(before.host(), before.address(), e.port(), both));
      return;
    }
    if (endpoints.size() >= MAX_ENDPOINTS) {
      throw new IllegalArgumentException("more than " + MAX_ENDPOINTS + " endpoints");
    }
    endpoints.put(e.key(), e);
  }

  private void addRange(String base, String prefixText, String spec) {
    InetAddress address;
    if (!HOST_CHARS.matcher(base).matches() || !(base.indexOf(':') >= 0 || isDottedQuad(base))) {
      throw new IllegalArgumentException("'" + spec + "': a range is ADDRESS/PREFIX");
    }
    try {
      address = InetAddress.getByName(base); // an address literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + spec + "': '" + base + "' is not an address", e);
    }
    int bits = address.getAddress().length * 8;
    int prefix;
    try {
      prefix = Integer.parseInt(prefixText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + spec + "': '" + prefixText + "' is no prefix", e);
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("'" + spec + "': prefix must be 0 to " + bits);
    }
    if (bits - prefix > 16) {
      throw new IllegalArgumentException(
          "'" + spec + "' has more than " + MAX_RANGE_ADDRESSES + " addresses: split it");
    }
    BigInteger start = new BigInteger(1, address.getAddress());
    BigInteger mask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    start = start.andNot(mask);
    long count = 1L << (bits - prefix);
    for (long i = 0; i < count; i++) {
      byte[] raw = toBytes(start.add(BigInteger.valueOf(i)), bits / 8);
      try {
        InetAddress a = InetAddress.getByAddress(raw);
        addAddress(a.getHostAddress(), a, null);
      } catch (UnknownHostException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  private static boolean isDottedQuad(String s) {
    return s.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static byte[] toBytes(BigInteger v, int length) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(b.length, length);
    System.arraycopy(b, b.length - copy, out, length - copy, copy);
    return out;
  }

  private static int parsePort(String text, String spec) {
    int p;
    try {
      p = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + spec + "': '" + text + "' is not a port", e);
    }
    checkPort(p);
    return p;
  }

  private static void checkPort(int p) {
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("port " + p + " is not between 1 and 65535");
    }
  }

  /** The endpoints whose address is public (neither loopback nor private). */
  public static List<Endpoint> publicOnes(List<Endpoint> endpoints) {
    List<Endpoint> out = new ArrayList<>();
    for (Endpoint e : endpoints) {
      if (e.scope() == AddressScope.PUBLIC) {
        out.add(e);
      }
    }
    return out;
  }
}
