package ward.net.pdu;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes PDUs (PS3.8 9.3) with strict length checks: every length is checked against
 * the bytes that enclose it before anything is allocated, and a PDU longer than the receiver's
 * limit is refused before its body is read.
 */
public final class PduCodec {

  /**
   * Largest association-phase PDU accepted (A-ASSOCIATE-RQ/AC with many contexts stays far below).
   */
  public static final int DEFAULT_MAX_ASSOCIATE_PDU = 1 << 20;

  private static final int ITEM_APPLICATION_CONTEXT = 0x10;
  private static final int ITEM_PC_RQ = 0x20;
  private static final int ITEM_PC_AC = 0x21;
  private static final int ITEM_ABSTRACT_SYNTAX = 0x30;
  private static final int ITEM_TRANSFER_SYNTAX = 0x40;
  private static final int ITEM_USER_INFO = 0x50;
  private static final int SUB_MAX_LENGTH = 0x51;
  private static final int SUB_IMPLEMENTATION_CLASS = 0x52;
  private static final int SUB_ASYNC_OPS = 0x53;
  private static final int SUB_ROLE_SELECTION = 0x54;
  private static final int SUB_IMPLEMENTATION_VERSION = 0x55;
  private static final int SUB_EXTENDED = 0x56;
  private static final int SUB_COMMON_EXTENDED = 0x57;
  private static final int SUB_IDENTITY_RQ = 0x58;
  private static final int SUB_IDENTITY_AC = 0x59;

  private PduCodec() {}

  // ---------------------------------------------------------------- decoding

  /**
   * Reads one PDU.
   *
   * @param maxPDataLength the largest P-DATA-TF PDU length accepted (what this side advertised)
   * @return the PDU, or null when the stream ends cleanly before a PDU starts
   * @throws PduFormatException when the PDU is malformed or too long
   * @throws EOFException when the stream ends inside a PDU
   */
  public static Pdu read(InputStream in, long maxPDataLength, int maxAssociatePdu)
      throws IOException {
    Header header = readHeader(in, maxPDataLength, maxAssociatePdu);
    if (header == null) {
      return null;
    }
    if (header.type() == Pdu.TYPE_P_DATA_TF) {
      return readPData(in, header.length());
    }
    return readBody(in, header);
  }

  /**
   * The type and body length of a PDU (PS3.8 9.3.1), checked against the limits before anything is
   * allocated.
   */
  public record Header(int type, int length) {}

  /**
   * Reads and checks the 6-byte header of the next PDU: its type must be known and its length
   * within the limit for the type; a P-DATA-TF must carry at least one PDV.
   *
   * @return the header, or null when the stream ends cleanly before a PDU starts
   */
  public static Header readHeader(InputStream in, long maxPDataLength, int maxAssociatePdu)
      throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    byte[] head = in.readNBytes(5);
    if (head.length < 5) {
      throw new EOFException("connection closed inside a PDU header");
    }
    long length =
        ((head[1] & 0xFFL) << 24)
            | ((head[2] & 0xFF) << 16)
            | ((head[3] & 0xFF) << 8)
            | (head[4] & 0xFF);
    long limit =
        switch (type) {
          case Pdu.TYPE_P_DATA_TF -> maxPDataLength <= 0 ? Integer.MAX_VALUE - 8 : maxPDataLength;
          case Pdu.TYPE_ASSOCIATE_RQ, Pdu.TYPE_ASSOCIATE_AC -> maxAssociatePdu;
          case Pdu.TYPE_ASSOCIATE_RJ, Pdu.TYPE_RELEASE_RQ, Pdu.TYPE_RELEASE_RP, Pdu.TYPE_ABORT -> 4;
          default ->
              throw new PduFormatException(
                  "unrecognized PDU type 0x" + Integer.toHexString(type),
                  Pdu.Abort.UNRECOGNIZED_PDU);
        };
    if (length > limit) {
      throw new PduFormatException(
          "PDU type " + type + " of " + length + " bytes exceeds the limit of " + limit,
          Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    if (type == Pdu.TYPE_P_DATA_TF && length == 0) {
      throw new PduFormatException(
          "P-DATA-TF without a PDV", Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    return new Header(type, (int) length);
  }

  /** Reads and decodes the body of a PDU other than P-DATA-TF, whose header was just read. */
  public static Pdu readBody(InputStream in, Header header) throws IOException {
    if (header.type() == Pdu.TYPE_P_DATA_TF) {
      throw new IllegalArgumentException("P-DATA-TF bodies are read PDV by PDV");
    }
    return decodeBody(header.type(), readBody(in, header.length()));
  }

  /**
   * The header of one PDV (PS3.8 9.3.5.1, E.2), its value not yet read.
   *
   * @param valueLength the bytes of the fragment that follow the header
   */
  public record PdvHeader(int contextId, boolean command, boolean last, int valueLength) {}

  /**
   * Reads and checks the next PDV header of a P-DATA-TF: its item length must fit in the {@code
   * remaining} body bytes (these 6 included), the context ID be odd and the control header use only
   * its two low bits. The caller reads the value, {@link PdvHeader#valueLength()} bytes.
   */
  public static PdvHeader readPdvHeader(InputStream in, int remaining) throws IOException {
    if (remaining < 6) {
      throw new PduFormatException(
          "truncated a PDV header: 6 bytes needed, " + remaining + " left",
          Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    byte[] head = new byte[6];
    readFully(in, head, 6);
    long len =
        ((head[0] & 0xFFL) << 24)
            | ((head[1] & 0xFF) << 16)
            | ((head[2] & 0xFF) << 8)
            | (head[3] & 0xFF);
    if (len < 2 || len - 2 > remaining - 6) {
      throw new PduFormatException(
          "PDV length " + len + " does not fit its P-DATA-TF",
          Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    int pc = head[4] & 0xFF;
    int control = head[5] & 0xFF;
    if ((control & 0xFC) != 0 || pc % 2 == 0) {
      throw new PduFormatException(
          "invalid PDV (context " + pc + ", control 0x" + Integer.toHexString(control) + ")",
          Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    return new PdvHeader(pc, (control & 1) != 0, (control & 2) != 0, (int) len - 2);
  }

  /**
   * Reads the PDVs of a P-DATA-TF straight from the stream into arrays of their own size (PS3.8
   * 9.3.5), rather than the whole body first and each PDV out of it. Checks exactly what {@link
   * #decodeBody} checks.
   */
  private static Pdu readPData(InputStream in, int length) throws IOException {
    List<Pdv> pdvs = new ArrayList<>(2);
    int remaining = length;
    while (remaining > 0) {
      PdvHeader h = readPdvHeader(in, remaining);
      pdvs.add(new Pdv(h.contextId(), h.command(), h.last(), readValue(in, h.valueLength())));
      remaining -= 6 + h.valueLength();
    }
    return new Pdu.PDataTf(pdvs);
  }

  private static void readFully(InputStream in, byte[] b, int n) throws IOException {
    if (in.readNBytes(b, 0, n) < n) {
      throw new EOFException("connection closed inside a PDU");
    }
  }

  /**
   * One PDV value. Up to 1 MiB is allocated at once (the PDU length was already checked against the
   * advertised maximum); beyond that, in bounded steps, so a false length cannot allocate more than
   * what arrives.
   */
  private static byte[] readValue(InputStream in, int n) throws IOException {
    if (n <= 1 << 20) {
      byte[] value = new byte[n];
      readFully(in, value, n);
      return value;
    }
    return readBody(in, n);
  }

  /** Reads the body in bounded steps, so a false length cannot allocate more than what arrives. */
  private static byte[] readBody(InputStream in, int length) throws IOException {
    byte[] body = in.readNBytes(Math.min(length, 1 << 16));
    if (body.length == length) {
      return body;
    }
    if (body.length < Math.min(length, 1 << 16)) {
      throw new EOFException("connection closed inside a PDU");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 17);
    out.write(body);
    byte[] chunk = new byte[1 << 16];
    int left = length - body.length;
    while (left > 0) {
      int n = in.read(chunk, 0, Math.min(chunk.length, left));
      if (n < 0) {
        throw new EOFException("connection closed inside a PDU");
      }
      out.write(chunk, 0, n);
      left -= n;
    }
    return out.toByteArray();
  }

  /** Decodes a PDU body (everything after the 6-byte header). */
  public static Pdu decodeBody(int type, byte[] body) throws PduFormatException {
    Cursor c = new Cursor(body, 0, body.length);
    Pdu pdu =
        switch (type) {
          case Pdu.TYPE_ASSOCIATE_RQ, Pdu.TYPE_ASSOCIATE_AC -> decodeAssociate(type, c);
          case Pdu.TYPE_ASSOCIATE_RJ -> {
            c.need(4, "A-ASSOCIATE-RJ");
            c.u8();
            yield new Pdu.AssociateRj(c.u8(), c.u8(), c.u8());
          }
          case Pdu.TYPE_P_DATA_TF -> decodePData(c);
          case Pdu.TYPE_RELEASE_RQ -> {
            c.need(4, "A-RELEASE-RQ");
            c.skip(4);
            yield new Pdu.ReleaseRq();
          }
          case Pdu.TYPE_RELEASE_RP -> {
            c.need(4, "A-RELEASE-RP");
            c.skip(4);
            yield new Pdu.ReleaseRp();
          }
          case Pdu.TYPE_ABORT -> {
            c.need(4, "A-ABORT");
            c.skip(2);
            yield new Pdu.Abort(c.u8(), c.u8());
          }
          default ->
              throw new PduFormatException(
                  "unrecognized PDU type 0x" + Integer.toHexString(type),
                  Pdu.Abort.UNRECOGNIZED_PDU);
        };
    if (c.remaining() != 0 && type != Pdu.TYPE_ASSOCIATE_RQ && type != Pdu.TYPE_ASSOCIATE_AC) {
      throw new PduFormatException(
          "PDU type " + type + " has " + c.remaining() + " unexpected trailing bytes",
          Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    return pdu;
  }

  private static Pdu decodePData(Cursor c) throws PduFormatException {
    List<Pdv> pdvs = new ArrayList<>(2);
    if (c.remaining() == 0) {
      throw new PduFormatException(
          "P-DATA-TF without a PDV", Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    while (c.remaining() > 0) {
      c.need(6, "a PDV header");
      long len = c.u32();
      if (len < 2 || len > c.remaining()) {
        throw new PduFormatException(
            "PDV length " + len + " does not fit its P-DATA-TF",
            Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
      }
      int pc = c.u8();
      int control = c.u8();
      if ((control & 0xFC) != 0 || pc % 2 == 0) {
        throw new PduFormatException(
            "invalid PDV (context " + pc + ", control 0x" + Integer.toHexString(control) + ")",
            Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
      }
      pdvs.add(new Pdv(pc, (control & 1) != 0, (control & 2) != 0, c.bytes((int) len - 2)));
    }
    return new Pdu.PDataTf(pdvs);
  }

  private static Pdu decodeAssociate(int type, Cursor c) throws PduFormatException {
    boolean rq = type == Pdu.TYPE_ASSOCIATE_RQ;
    String what = rq ? "A-ASSOCIATE-RQ" : "A-ASSOCIATE-AC";
    c.need(68, what);
    int version = c.u16();
    c.skip(2);
    String called = aeTitle(c.bytes(16));
    String calling = aeTitle(c.bytes(16));
    c.skip(32);
    String appContext = null;
    List<PresentationContext.Proposed> proposed = new ArrayList<>();
    List<PresentationContext.Result> results = new ArrayList<>();
    UserInformation user = null;
    while (c.remaining() > 0) {
      c.need(4, "an item header");
      int itemType = c.u8();
      c.skip(1);
      int len = c.u16();
      Cursor item = c.sub(len, "item 0x" + Integer.toHexString(itemType));
      switch (itemType) {
        case ITEM_APPLICATION_CONTEXT -> appContext = uid(item.bytes(len), "application context");
        case ITEM_PC_RQ -> {
          if (!rq) {
            throw unexpected("proposed presentation context in " + what);
          }
          proposed.add(decodeProposed(item));
        }
        case ITEM_PC_AC -> {
          if (rq) {
            throw unexpected("presentation context result in " + what);
          }
          results.add(decodeResult(item));
        }
        case ITEM_USER_INFO -> user = decodeUserInfo(item);
        default ->
            throw new PduFormatException(
                "unrecognized item 0x" + Integer.toHexString(itemType) + " in " + what,
                Pdu.Abort.UNRECOGNIZED_PDU_PARAMETER);
      }
    }
    if (appContext == null) {
      throw new PduFormatException(
          what + " without an application context", Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    if (user == null) {
      throw new PduFormatException(
          what + " without user information", Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    return rq
        ? new Pdu.AssociateRq(version, called, calling, appContext, proposed, user)
        : new Pdu.AssociateAc(version, called, calling, appContext, results, user);
  }

  private static PduFormatException unexpected(String what) {
    return new PduFormatException("unexpected " + what, Pdu.Abort.UNEXPECTED_PDU_PARAMETER);
  }

  private static PresentationContext.Proposed decodeProposed(Cursor c) throws PduFormatException {
    c.need(4, "a presentation context");
    int id = contextId(c.u8());
    c.skip(3);
    String abstractSyntax = null;
    List<String> transfer = new ArrayList<>();
    while (c.remaining() > 0) {
      c.need(4, "a sub-item header");
      int t = c.u8();
      c.skip(1);
      int len = c.u16();
      Cursor sub = c.sub(len, "presentation context sub-item");
      if (t == ITEM_ABSTRACT_SYNTAX) {
        if (abstractSyntax != null) {
          throw unexpected("second abstract syntax in presentation context " + id);
        }
        abstractSyntax = uid(sub.bytes(len), "abstract syntax");
      } else if (t == ITEM_TRANSFER_SYNTAX) {
        transfer.add(uid(sub.bytes(len), "transfer syntax"));
      } else {
        throw new PduFormatException(
            "unrecognized sub-item 0x" + Integer.toHexString(t) + " in presentation context " + id,
            Pdu.Abort.UNRECOGNIZED_PDU_PARAMETER);
      }
    }
    if (abstractSyntax == null || transfer.isEmpty()) {
      throw new PduFormatException(
          "presentation context " + id + " lacks an abstract or transfer syntax",
          Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    return new PresentationContext.Proposed(id, abstractSyntax, transfer);
  }

  private static PresentationContext.Result decodeResult(Cursor c) throws PduFormatException {
    c.need(4, "a presentation context result");
    int id = contextId(c.u8());
    c.skip(1);
    int result = c.u8();
    c.skip(1);
    String ts = null;
    while (c.remaining() > 0) {
      c.need(4, "a sub-item header");
      int t = c.u8();
      c.skip(1);
      int len = c.u16();
      Cursor sub = c.sub(len, "presentation context sub-item");
      if (t == ITEM_TRANSFER_SYNTAX) {
        ts = len == 0 ? "" : uid(sub.bytes(len), "transfer syntax");
      } else {
        throw new PduFormatException(
            "unrecognized sub-item 0x" + Integer.toHexString(t) + " in presentation context " + id,
            Pdu.Abort.UNRECOGNIZED_PDU_PARAMETER);
      }
    }
    if (result == PresentationContext.ACCEPTANCE && (ts == null || ts.isEmpty())) {
      throw new PduFormatException(
          "accepted presentation context " + id + " without a transfer syntax",
          Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    return new PresentationContext.Result(id, result, ts == null ? "" : ts);
  }

  private static UserInformation decodeUserInfo(Cursor c) throws PduFormatException {
    long maxLength = -1;
    String implClass = null;
    String implVersion = null;
    UserInformation.AsyncOpsWindow async = null;
    List<UserInformation.RoleSelection> roles = new ArrayList<>();
    List<UserInformation.ExtendedNegotiation> ext = new ArrayList<>();
    List<UserInformation.CommonExtendedNegotiation> common = new ArrayList<>();
    UserInformation.UserIdentityRq idRq = null;
    UserInformation.UserIdentityAc idAc = null;
    while (c.remaining() > 0) {
      c.need(4, "a user information sub-item header");
      int t = c.u8();
      c.skip(1);
      int len = c.u16();
      Cursor s = c.sub(len, "user information sub-item 0x" + Integer.toHexString(t));
      switch (t) {
        case SUB_MAX_LENGTH -> {
          s.need(4, "maximum length");
          maxLength = s.u32();
        }
        case SUB_IMPLEMENTATION_CLASS -> implClass = uid(s.bytes(len), "implementation class UID");
        case SUB_ASYNC_OPS -> {
          s.need(4, "asynchronous operations window");
          async = new UserInformation.AsyncOpsWindow(s.u16(), s.u16());
        }
        case SUB_ROLE_SELECTION -> {
          s.need(2, "role selection");
          String uid = uid(s.bytes(s.lengthPrefixed16("role selection UID")), "role selection UID");
          s.need(2, "role selection");
          roles.add(new UserInformation.RoleSelection(uid, s.u8() == 1, s.u8() == 1));
        }
        case SUB_IMPLEMENTATION_VERSION -> {
          byte[] name = s.bytes(len);
          for (byte x : name) {
            if (x < 0x20 || x > 0x7E) {
              throw new PduFormatException(
                  "implementation version name with a control or non-ISO 646 character",
                  Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
            }
          }
          implVersion = ascii(name).strip();
          if (implVersion.isEmpty() || implVersion.length() > 16) {
            throw new PduFormatException(
                "implementation version name of " + len + " bytes (1 to 16 allowed)",
                Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
          }
        }
        case SUB_EXTENDED -> {
          s.need(2, "extended negotiation");
          String uid =
              uid(s.bytes(s.lengthPrefixed16("extended negotiation UID")), "SOP class UID");
          ext.add(new UserInformation.ExtendedNegotiation(uid, s.bytes(s.remaining())));
        }
        case SUB_COMMON_EXTENDED -> {
          s.need(2, "common extended negotiation");
          String sop = uid(s.bytes(s.lengthPrefixed16("SOP class UID")), "SOP class UID");
          s.need(2, "common extended negotiation");
          String service =
              uid(s.bytes(s.lengthPrefixed16("service class UID")), "service class UID");
          s.need(2, "common extended negotiation");
          int relLen = s.u16();
          Cursor rel = s.sub(relLen, "related general SOP classes");
          List<String> related = new ArrayList<>();
          while (rel.remaining() > 0) {
            rel.need(2, "related general SOP class");
            related.add(
                uid(rel.bytes(rel.lengthPrefixed16("related SOP class")), "related SOP class"));
          }
          common.add(new UserInformation.CommonExtendedNegotiation(sop, service, related));
        }
        case SUB_IDENTITY_RQ -> {
          s.need(4, "user identity");
          int type = s.u8();
          boolean positive = s.u8() == 1;
          byte[] primary = s.bytes(s.lengthPrefixed16("user identity primary field"));
          s.need(2, "user identity secondary field length");
          byte[] secondary = s.bytes(s.lengthPrefixed16("user identity secondary field"));
          idRq = new UserInformation.UserIdentityRq(type, positive, primary, secondary);
        }
        case SUB_IDENTITY_AC -> {
          s.need(2, "user identity response");
          idAc = new UserInformation.UserIdentityAc(s.bytes(s.lengthPrefixed16("server response")));
        }
        default -> {
          // PS3.7 D.3.3: sub-items that are not recognized are ignored.
          s.skip(s.remaining());
        }
      }
      if (s.remaining() != 0 && t != SUB_EXTENDED) {
        throw new PduFormatException(
            "user information sub-item 0x" + Integer.toHexString(t) + " has trailing bytes",
            Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
      }
    }
    if (maxLength < 0) {
      throw new PduFormatException(
          "user information without a maximum length", Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    if (implClass == null) {
      throw new PduFormatException(
          "user information without an implementation class UID",
          Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    return new UserInformation(
        maxLength, implClass, implVersion, async, roles, ext, common, idRq, idAc);
  }

  /**
   * AE titles are 16 bytes, space padded; leading and trailing spaces are not significant. A title
   * is 1 to 16 characters of the default repertoire without control characters or backslash (PS3.5
   * 6.2, AE), so nothing a peer sends as its name can reach logs or the audit trail as anything
   * else.
   */
  private static String aeTitle(byte[] b) throws PduFormatException {
    for (byte x : b) {
      if (x < 0x20 || x > 0x7E || x == '\\') {
        throw new PduFormatException(
            "AE title with a control, backslash or non-ASCII character",
            Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
      }
    }
    String ae = ascii(b).strip();
    if (ae.isEmpty()) {
      throw new PduFormatException("blank AE title", Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    return ae;
  }

  /** PS3.8 9.3.2.2: presentation context IDs are odd integers from 1 to 255. */
  private static int contextId(int id) throws PduFormatException {
    if (id % 2 == 0) {
      throw new PduFormatException(
          "presentation context ID " + id + " is not odd", Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    return id;
  }

  private static String ascii(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** A UID from an item: trailing NUL or space padding is tolerated, anything else is not. */
  private static String uid(byte[] b, String what) throws PduFormatException {
    int end = b.length;
    while (end > 0 && (b[end - 1] == 0 || b[end - 1] == ' ')) {
      end--;
    }
    if (end == 0 || end > 64) {
      throw new PduFormatException(
          what + " UID has " + end + " characters", Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
    }
    for (int i = 0; i < end; i++) {
      if ((b[i] < '0' || b[i] > '9') && b[i] != '.') {
        throw new PduFormatException(what + " is not a UID", Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
      }
    }
    return new String(b, 0, end, StandardCharsets.US_ASCII);
  }

  /** A bounds-checked reader over a byte range. */
  private static final class Cursor {
    private final byte[] b;
    private int pos;
    private final int end;

    Cursor(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    int remaining() {
      return end - pos;
    }

    void need(int n, String what) throws PduFormatException {
      if (remaining() < n) {
        throw new PduFormatException(
            "truncated " + what + ": " + n + " bytes needed, " + remaining() + " left",
            Pdu.Abort.INVALID_PDU_PARAMETER_VALUE);
      }
    }

    int u8() {
      return b[pos++] & 0xFF;
    }

    int u16() {
      int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
      pos += 2;
      return v;
    }

    long u32() {
      long v =
          ((b[pos] & 0xFFL) << 24)
              | ((b[pos + 1] & 0xFF) << 16)
              | ((b[pos + 2] & 0xFF) << 8)
              | (b[pos + 3] & 0xFF);
      pos += 4;
      return v;
    }

    void skip(int n) {
      pos += n;
    }

    byte[] bytes(int n) throws PduFormatException {
      need(n, "field");
      byte[] r = new byte[n];
      System.arraycopy(b, pos, r, 0, n);
      pos += n;
      return r;
    }

    /** Reads a 16-bit length (already checked available) and checks the field fits. */
    int lengthPrefixed16(String what) throws PduFormatException {
      int n = u16();
      need(n, what);
      return n;
    }

    Cursor sub(int len, String what) throws PduFormatException {
      need(len, what);
      Cursor s = new Cursor(b, pos, pos + len);
      pos += len;
      return s;
    }
  }

  // ---------------------------------------------------------------- encoding

  /** Writes a PDU. */
  public static void write(OutputStream out, Pdu pdu) throws IOException {
    if (pdu instanceof Pdu.PDataTf p) {
      writePData(out, p.pdvs());
      return;
    }
    Body body = new Body();
    int type;
    if (pdu instanceof Pdu.AssociateRq rq) {
      type = Pdu.TYPE_ASSOCIATE_RQ;
      associateHeader(
          body, rq.protocolVersion(), rq.calledAe(), rq.callingAe(), rq.applicationContext());
      for (PresentationContext.Proposed pc : rq.presentationContexts()) {
        Body item = new Body();
        item.u8(pc.id()).u8(0).u8(0).u8(0);
        item.item(ITEM_ABSTRACT_SYNTAX, ascii(pc.abstractSyntax()));
        for (String ts : pc.transferSyntaxes()) {
          item.item(ITEM_TRANSFER_SYNTAX, ascii(ts));
        }
        body.item(ITEM_PC_RQ, item.toByteArray());
      }
      body.item(ITEM_USER_INFO, userInfo(rq.userInformation()));
    } else if (pdu instanceof Pdu.AssociateAc ac) {
      type = Pdu.TYPE_ASSOCIATE_AC;
      associateHeader(
          body, ac.protocolVersion(), ac.calledAe(), ac.callingAe(), ac.applicationContext());
      for (PresentationContext.Result pc : ac.presentationContexts()) {
        Body item = new Body();
        item.u8(pc.id()).u8(0).u8(pc.result()).u8(0);
        item.item(ITEM_TRANSFER_SYNTAX, ascii(pc.transferSyntax()));
        body.item(ITEM_PC_AC, item.toByteArray());
      }
      body.item(ITEM_USER_INFO, userInfo(ac.userInformation()));
    } else if (pdu instanceof Pdu.AssociateRj rj) {
      type = Pdu.TYPE_ASSOCIATE_RJ;
      body.u8(0).u8(rj.result()).u8(rj.source()).u8(rj.reason());
    } else if (pdu instanceof Pdu.ReleaseRq) {
      type = Pdu.TYPE_RELEASE_RQ;
      body.u32(0);
    } else if (pdu instanceof Pdu.ReleaseRp) {
      type = Pdu.TYPE_RELEASE_RP;
      body.u32(0);
    } else {
      Pdu.Abort a = (Pdu.Abort) pdu;
      type = Pdu.TYPE_ABORT;
      body.u8(0).u8(0).u8(a.source()).u8(a.reason());
    }
    byte[] b = body.toByteArray();
    byte[] head = {
      (byte) type,
      0,
      (byte) (b.length >>> 24),
      (byte) (b.length >>> 16),
      (byte) (b.length >>> 8),
      (byte) b.length
    };
    out.write(head);
    out.write(b);
  }

  /** Writes a P-DATA-TF without copying the PDV data into an intermediate buffer. */
  public static void writePData(OutputStream out, List<Pdv> pdvs) throws IOException {
    long length = 0;
    for (Pdv p : pdvs) {
      length += 6 + p.data().length;
    }
    byte[] head = new byte[6];
    head[0] = Pdu.TYPE_P_DATA_TF;
    putInt(head, 2, (int) length);
    out.write(head);
    for (Pdv p : pdvs) {
      writePdv(out, p.contextId(), p.controlHeader(), p.data(), 0, p.data().length);
    }
  }

  /** Writes one P-DATA-TF carrying a single PDV of {@code data[off, off+len)}. */
  public static void writeSinglePdv(
      OutputStream out, int contextId, boolean command, boolean last, byte[] data, int off, int len)
      throws IOException {
    byte[] head = new byte[12];
    head[0] = Pdu.TYPE_P_DATA_TF;
    putInt(head, 2, len + 6);
    putInt(head, 6, len + 2);
    head[10] = (byte) contextId;
    head[11] = (byte) ((command ? 1 : 0) | (last ? 2 : 0));
    out.write(head);
    out.write(data, off, len);
  }

  private static void writePdv(OutputStream out, int pc, int control, byte[] data, int off, int len)
      throws IOException {
    byte[] head = new byte[6];
    putInt(head, 0, len + 2);
    head[4] = (byte) pc;
    head[5] = (byte) control;
    out.write(head);
    out.write(data, off, len);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static void associateHeader(
      Body body, int version, String called, String calling, String appContext) {
    body.u16(version).u16(0);
    body.raw(aePadded(called)).raw(aePadded(calling)).raw(new byte[32]);
    body.item(ITEM_APPLICATION_CONTEXT, ascii(appContext));
  }

  private static byte[] aePadded(String ae) {
    byte[] b = new byte[16];
    java.util.Arrays.fill(b, (byte) ' ');
    byte[] s = ascii(ae);
    if (s.length > 16) {
      throw new IllegalArgumentException("AE title longer than 16 characters: " + ae);
    }
    System.arraycopy(s, 0, b, 0, s.length);
    return b;
  }

  private static byte[] userInfo(UserInformation u) {
    Body b = new Body();
    Body max = new Body().u32(u.maxPduLength());
    b.item(SUB_MAX_LENGTH, max.toByteArray());
    b.item(SUB_IMPLEMENTATION_CLASS, ascii(u.implementationClassUid()));
    if (u.asyncOps() != null) {
      b.item(
          SUB_ASYNC_OPS,
          new Body().u16(u.asyncOps().maxInvoked()).u16(u.asyncOps().maxPerformed()).toByteArray());
    }
    for (UserInformation.RoleSelection r : u.roles()) {
      byte[] uid = ascii(r.sopClassUid());
      b.item(
          SUB_ROLE_SELECTION,
          new Body()
              .u16(uid.length)
              .raw(uid)
              .u8(r.scu() ? 1 : 0)
              .u8(r.scp() ? 1 : 0)
              .toByteArray());
    }
    if (u.implementationVersionName() != null) {
      b.item(SUB_IMPLEMENTATION_VERSION, ascii(u.implementationVersionName()));
    }
    for (UserInformation.ExtendedNegotiation e : u.extended()) {
      byte[] uid = ascii(e.sopClassUid());
      b.item(SUB_EXTENDED, new Body().u16(uid.length).raw(uid).raw(e.info()).toByteArray());
    }
    for (UserInformation.CommonExtendedNegotiation e : u.commonExtended()) {
      Body rel = new Body();
      for (String r : e.relatedGeneralSopClasses()) {
        byte[] x = ascii(r);
        rel.u16(x.length).raw(x);
      }
      byte[] sop = ascii(e.sopClassUid());
      byte[] svc = ascii(e.serviceClassUid());
      byte[] relBytes = rel.toByteArray();
      b.item(
          SUB_COMMON_EXTENDED,
          new Body()
              .u16(sop.length)
              .raw(sop)
              .u16(svc.length)
              .raw(svc)
              .u16(relBytes.length)
              .raw(relBytes)
              .toByteArray());
    }
    if (u.identityRequest() != null) {
      UserInformation.UserIdentityRq r = u.identityRequest();
      b.item(
          SUB_IDENTITY_RQ,
          new Body()
              .u8(r.type())
              .u8(r.positiveResponseRequested() ? 1 : 0)
              .u16(r.primaryField().length)
              .raw(r.primaryField())
              .u16(r.secondaryField().length)
              .raw(r.secondaryField())
              .toByteArray());
    }
    if (u.identityResponse() != null) {
      byte[] resp = u.identityResponse().serverResponse();
      b.item(SUB_IDENTITY_AC, new Body().u16(resp.length).raw(resp).toByteArray());
    }
    return b.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Big-endian body builder. */
  private static final class Body {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Body u8(int v) {
      out.write(v);
      return this;
    }

    Body u16(int v) {
      if (v > 0xFFFF) {
        throw new IllegalArgumentException("field of " + v + " bytes does not fit a 16-bit length");
      }
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    Body u32(long v) {
      out.write((int) (v >>> 24));
      out.write((int) (v >>> 16));
      out.write((int) (v >>> 8));
      out.write((int) v);
      return this;
    }

    Body raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Body item(int type, byte[] value) {
      return u8(type).u8(0).u16(value.length).raw(value);
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
