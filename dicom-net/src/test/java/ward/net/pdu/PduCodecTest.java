package ward.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The PDU codec (PS3.8 9.3): generated PDUs of every type survive a round trip, and malformed ones
 * are refused with a {@link PduFormatException} (or {@link EOFException} when the stream ends
 * inside a PDU), never with another exception and never by allocating what a length claims before
 * the bytes arrive.
 */
class PduCodecTest {

  static final int MAX_PDATA = 1 << 16;
  static final int MAX_ASSOCIATE = 1 << 20;

  static Pdu decode(byte[] b) throws IOException {
    return PduCodec.read(new ByteArrayInputStream(b), MAX_PDATA, MAX_ASSOCIATE);
  }

  static byte[] encode(Pdu pdu) {
    return PduGen.encode(pdu);
  }

  /** A PDU of {@code type} whose header length is the body's. */
  static byte[] pdu(int type, byte[] body) {
    byte[] b = new byte[6 + body.length];
    b[0] = (byte) type;
    b[2] = (byte) (body.length >>> 24);
    b[3] = (byte) (body.length >>> 16);
    b[4] = (byte) (body.length >>> 8);
    b[5] = (byte) body.length;
    System.arraycopy(body, 0, b, 6, body.length);
    return b;
  }

  static byte[] body(byte[] pdu) {
    return Arrays.copyOfRange(pdu, 6, pdu.length);
  }

  /** Bytes from a hex string with spaces. */
  static byte[] hex(String s) {
    String h = s.replace(" ", "");
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  static void assertRefused(byte[] pdu, String message) {
    assertThatThrownBy(() -> decode(pdu))
        .isInstanceOf(PduFormatException.class)
        .hasMessageContaining(message);
  }

  // ------------------------------------------------------------------ round trips

  @Test
  void generatedPdusOfEveryTypeRoundTrip() throws IOException {
    PduGen gen = new PduGen(20240611L);
    int[] byType = new int[8];
    for (int i = 0; i < 3000; i++) {
      Pdu p = gen.any();
      byte[] b = encode(p);
      Pdu back = decode(b);
      assertThat(back).as("seed 20240611, PDU %d", i).isEqualTo(p);
      assertThat(encode(back)).isEqualTo(b);
      byType[b[0]]++;
    }
    for (int t = 1; t <= 7; t++) {
      assertThat(byType[t]).as("PDUs of type %d", t).isGreaterThan(300);
    }
  }

  @Test
  void associateRequestWithAllSubItemsAndManyContextsRoundTrips() throws IOException {
    PduGen gen = new PduGen(7);
    for (int i = 0; i < 200; i++) {
      Pdu.AssociateRq rq = gen.associateRq(128);
      assertThat(decode(encode(rq))).isEqualTo(rq);
    }
    Pdu.AssociateRq full =
        new Pdu.AssociateRq(
            1,
            "CALLED AE",
            "CALLING",
            Pdu.DICOM_APPLICATION_CONTEXT,
            java.util.stream.IntStream.range(0, 128)
                .mapToObj(
                    i ->
                        new PresentationContext.Proposed(
                            2 * i + 1,
                            "1.2.840.10008.5.1.4.1.1." + i,
                            List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2")))
                .toList(),
            new UserInformation(
                16384,
                "1.2.3.4",
                "WARD_010",
                new UserInformation.AsyncOpsWindow(5, 0),
                List.of(new UserInformation.RoleSelection("1.2.840.10008.5.1.4.1.1.7", true, true)),
                List.of(new UserInformation.ExtendedNegotiation("1.2.3", new byte[] {1, 0, 1})),
                List.of(
                    new UserInformation.CommonExtendedNegotiation(
                        "1.2.3", "1.2.840.10008.4.2", List.of("1.2.4", "1.2.5"))),
                new UserInformation.UserIdentityRq(
                    2,
                    true,
                    "alice".getBytes(StandardCharsets.UTF_8),
                    "pw".getBytes(StandardCharsets.UTF_8)),
                null));
    byte[] b = encode(full);
    assertThat(decode(b)).isEqualTo(full);
    assertThat(((Pdu.AssociateRq) decode(b)).presentationContexts()).hasSize(128);
  }

  @Test
  void pdataWithSeveralPdvsRoundTripsAndStreamsBackToBack() throws IOException {
    PduGen gen = new PduGen(99);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<Pdu> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Pdu p = i % 10 == 9 ? new Pdu.ReleaseRq() : gen.pData();
      sent.add(p);
      PduCodec.write(stream, p);
    }
    InputStream in = new ByteArrayInputStream(stream.toByteArray());
    for (Pdu p : sent) {
      assertThat(PduCodec.read(in, MAX_PDATA, MAX_ASSOCIATE)).isEqualTo(p);
    }
    assertThat(PduCodec.read(in, MAX_PDATA, MAX_ASSOCIATE)).as("clean end").isNull();
  }

  @Test
  void singlePdvWriterMatchesTheGeneralWriter() throws IOException {
    byte[] data = new byte[300];
    new Random(1).nextBytes(data);
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    PduCodec.writeSinglePdv(a, 5, true, false, data, 10, 200);
    byte[] b =
        encode(
            new Pdu.PDataTf(List.of(new Pdv(5, true, false, Arrays.copyOfRange(data, 10, 210)))));
    assertThat(a.toByteArray()).isEqualTo(b);
  }

  @Test
  void decodesDcmtkStyleRequestWithPaddedUids() throws IOException {
    // dcmtk 3.6.7 echoscu's A-ASSOCIATE-RQ shape: a NUL-padded UID must be tolerated.
    Pdu.AssociateRq rq = new PduGen(3).associateRq(1);
    byte[] b = encode(rq);
    String s = new String(b, StandardCharsets.ISO_8859_1);
    int at = s.indexOf(Pdu.DICOM_APPLICATION_CONTEXT);
    byte[] padded = new byte[b.length + 1];
    System.arraycopy(b, 0, padded, 0, at + Pdu.DICOM_APPLICATION_CONTEXT.length());
    padded[at + Pdu.DICOM_APPLICATION_CONTEXT.length()] = 0;
    System.arraycopy(
        b,
        at + Pdu.DICOM_APPLICATION_CONTEXT.length(),
        padded,
        at + Pdu.DICOM_APPLICATION_CONTEXT.length() + 1,
        b.length - at - Pdu.DICOM_APPLICATION_CONTEXT.length());
    padded[at - 1]++; // the item length
    int len = padded.length - 6;
    padded[2] = (byte) (len >>> 24);
    padded[3] = (byte) (len >>> 16);
    padded[4] = (byte) (len >>> 8);
    padded[5] = (byte) len;
    assertThat(decode(padded)).isEqualTo(rq);
  }

  // ------------------------------------------------------------------ lengths

  @Test
  void streamEndingInsideAPduIsEof() {
    byte[] b = encode(new PduGen(5).associateRq());
    for (int cut : new int[] {1, 3, 5, 6, 7, b.length / 2, b.length - 1}) {
      assertThatThrownBy(() -> decode(Arrays.copyOf(b, cut)))
          .as("cut at %d", cut)
          .isInstanceOf(EOFException.class);
    }
  }

  /** A stream that fails the test if more than {@code allowed} bytes are read from it. */
  static final class Tripwire extends InputStream {
    private final byte[] head;
    private final int allowed;
    private int pos;

    Tripwire(byte[] head, int allowed) {
      this.head = head;
      this.allowed = allowed;
    }

    @Override
    public int read() {
      if (pos >= allowed) {
        fail("read byte " + pos + " although the PDU should have been refused after " + allowed);
      }
      return pos < head.length ? head[pos++] & 0xFF : 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int k = Math.min(len, allowed - pos);
      if (k <= 0) {
        fail("read past byte " + pos + " although the PDU should have been refused");
      }
      for (int i = 0; i < k; i++) {
        b[off + i] = (byte) read();
      }
      return k;
    }
  }

  @Test
  void oversizedPdusAreRefusedBeforeTheirBodyIsRead() {
    record Case(String header, String why) {}
    for (Case c :
        List.of(
            new Case("04 00 00 01 00 01", "exceeds the limit of 65536"),
            new Case("04 00 FF FF FF FF", "exceeds the limit"),
            new Case("01 00 00 10 00 01", "exceeds the limit of 1048576"),
            new Case("02 00 7F FF FF FF", "exceeds the limit"),
            new Case("03 00 00 00 00 05", "exceeds the limit of 4"),
            new Case("05 00 00 00 10 00", "exceeds the limit of 4"),
            new Case("06 00 FF 00 00 00", "exceeds the limit of 4"),
            new Case("07 00 00 00 00 08", "exceeds the limit of 4"))) {
      assertThatThrownBy(
              () -> PduCodec.read(new Tripwire(hex(c.header()), 6), MAX_PDATA, MAX_ASSOCIATE))
          .as(c.header())
          .isInstanceOf(PduFormatException.class)
          .hasMessageContaining(c.why());
    }
  }

  @Test
  void unknownPduTypesAreRefusedFromTheFirstByte() throws IOException {
    for (int type : new int[] {0x00, 0x08, 0x09, 0x10, 0x41, 0x80, 0xFF}) {
      try {
        PduCodec.read(new Tripwire(new byte[] {(byte) type, 0, 0, 0, 0, 4}, 6), 1 << 16, 1 << 20);
        fail("type " + type + " was accepted");
      } catch (PduFormatException e) {
        assertThat(e.abortReason()).isEqualTo(Pdu.Abort.UNRECOGNIZED_PDU);
      }
    }
    assertThatThrownBy(() -> PduCodec.decodeBody(0x42, new byte[4]))
        .isInstanceOf(PduFormatException.class);
  }

  @Test
  void aFalseLengthCannotAllocateMoreThanArrives() {
    // a 2 GiB P-DATA announced when no limit applies (maximum length 0), then the stream ends
    InputStream in = new ByteArrayInputStream(hex("04 00 7F FF FF F0 00 00 00 10"));
    assertThatThrownBy(() -> PduCodec.read(in, 0, MAX_ASSOCIATE)).isInstanceOf(EOFException.class);
  }

  @Test
  void fixedLengthPdusMustBeFourBytes() {
    for (int type = 3; type <= 7; type++) {
      if (type == 4) {
        continue;
      }
      int t = type;
      assertThatThrownBy(() -> decode(pdu(t, new byte[3])))
          .as("type %d", type)
          .isInstanceOf(PduFormatException.class);
      assertThatThrownBy(() -> PduCodec.decodeBody(t, new byte[5]))
          .isInstanceOf(PduFormatException.class)
          .hasMessageContaining("trailing");
    }
  }

  // ------------------------------------------------------------------ P-DATA

  @Test
  void malformedPdvsAreRefused() {
    assertRefused(pdu(4, new byte[0]), "without a PDV");
    assertRefused(pdu(4, hex("00 00 00 01 01")), "truncated");
    assertRefused(pdu(4, hex("00 00 00 01 01 03")), "PDV length 1");
    assertRefused(pdu(4, hex("00 00 00 09 01 03 00")), "PDV length 9");
    assertRefused(pdu(4, hex("FF FF FF FF 01 03 00")), "does not fit");
    assertRefused(pdu(4, hex("00 00 00 02 02 03")), "context 2");
    assertRefused(pdu(4, hex("00 00 00 02 00 03")), "context 0");
    assertRefused(pdu(4, hex("00 00 00 02 01 07")), "control 0x7");
    assertRefused(pdu(4, hex("00 00 00 03 01 03 AA 00 00")), "truncated");
  }

  // ------------------------------------------------------------------ A-ASSOCIATE items

  /** The encoded request whose items the tests below rewrite. */
  static byte[] baseRequest() {
    return encode(
        new Pdu.AssociateRq(
            1,
            "WARD",
            "SCU",
            Pdu.DICOM_APPLICATION_CONTEXT,
            List.of(
                new PresentationContext.Proposed(
                    1, "1.2.840.10008.1.1", List.of("1.2.840.10008.1.2"))),
            UserInformation.of(16384, "1.2.3.4", null)));
  }

  /** A request with {@code items} after the fixed header instead of the usual ones. */
  static byte[] requestWithItems(String items) {
    byte[] base = baseRequest();
    byte[] fixed = Arrays.copyOfRange(base, 6, 6 + 68);
    byte[] rest = hex(items);
    byte[] bodyBytes = new byte[fixed.length + rest.length];
    System.arraycopy(fixed, 0, bodyBytes, 0, fixed.length);
    System.arraycopy(rest, 0, bodyBytes, fixed.length, rest.length);
    return pdu(1, bodyBytes);
  }

  static String item(int type, String valueHex) {
    int len = valueHex.replace(" ", "").length() / 2;
    return String.format("%02X 00 %04X %s ", type, len, valueHex);
  }

  static String ascii(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.ISO_8859_1)) {
      b.append(String.format("%02X", x & 0xFF));
    }
    return b.toString();
  }

  static final String APP = item(0x10, ascii(Pdu.DICOM_APPLICATION_CONTEXT));
  static final String PC =
      item(
          0x20,
          "01 00 00 00 "
              + item(0x30, ascii("1.2.840.10008.1.1"))
              + item(0x40, ascii("1.2.840.10008.1.2")));
  static final String USER = item(0x50, item(0x51, "00 00 40 00") + item(0x52, ascii("1.2.3.4")));

  @Test
  void theHandBuiltRequestIsValid() throws IOException {
    assertThat(decode(requestWithItems(APP + PC + USER))).isEqualTo(decode(baseRequest()));
  }

  @Test
  void truncatedAndOverflowingItemsAreRefused() {
    assertRefused(shorten(requestWithItems(APP + PC + USER), 1), "truncated");
    // an item whose length runs past the PDU
    assertRefused(requestWithItems(APP + "20 00 FF FF 01 00 00 00" + USER), "truncated item 0x20");
    // a sub-item whose length runs past its item
    assertRefused(
        requestWithItems(APP + item(0x20, "01 00 00 00 30 00 00 40 31 2E 32") + USER), "truncated");
    // a user information sub-item overflowing its item
    assertRefused(
        requestWithItems(APP + PC + item(0x50, "51 00 00 04 00 00 40 00 52 00 FF FF 31")),
        "truncated");
    // lengths inside sub-items (role selection UID length) overflowing
    assertRefused(
        requestWithItems(
            APP
                + PC
                + item(
                    0x50,
                    item(0x51, "00 00 40 00")
                        + item(0x52, ascii("1.2.3.4"))
                        + item(0x54, "FF FF 31 2E 32 01 01"))),
        "truncated");
    // user identity: secondary length beyond the sub-item
    assertRefused(
        requestWithItems(
            APP
                + PC
                + item(
                    0x50,
                    item(0x51, "00 00 40 00")
                        + item(0x52, ascii("1.2.3.4"))
                        + item(0x58, "02 01 00 01 61 00 09 62"))),
        "truncated");
    // an item header cut short
    assertRefused(requestWithItems(APP + PC + USER + "50 00"), "truncated an item header");
    // a fixed header cut short
    assertRefused(pdu(1, new byte[67]), "truncated A-ASSOCIATE-RQ");
  }

  static byte[] shorten(byte[] pdu, int by) {
    byte[] b = Arrays.copyOf(pdu, pdu.length - by);
    int len = b.length - 6;
    b[2] = (byte) (len >>> 24);
    b[3] = (byte) (len >>> 16);
    b[4] = (byte) (len >>> 8);
    b[5] = (byte) len;
    return b;
  }

  @Test
  void invalidUidsAreRefused() {
    for (String uid :
        List.of("1.2.840.10008.1.A", "1.2 .3", "", "1." + "2".repeat(63), "1.2-3", "\u00001.2")) {
      String pc =
          item(
              0x20,
              "01 00 00 00 " + item(0x30, ascii(uid)) + item(0x40, ascii("1.2.840.10008.1.2")));
      assertRefused(requestWithItems(APP + pc + USER), "UID");
    }
    assertRefused(requestWithItems(item(0x10, ascii("1.2.x")) + PC + USER), "application context");
    assertRefused(
        requestWithItems(APP + PC + item(0x50, item(0x51, "00 00 40 00") + item(0x52, ""))),
        "implementation class UID");
  }

  @Test
  void missingMandatoryItemsAreRefused() {
    assertRefused(requestWithItems(PC + USER), "without an application context");
    assertRefused(requestWithItems(APP + PC), "without user information");
    assertRefused(
        requestWithItems(APP + PC + item(0x50, item(0x52, ascii("1.2.3.4")))),
        "without a maximum length");
    assertRefused(
        requestWithItems(APP + PC + item(0x50, item(0x51, "00 00 40 00"))),
        "without an implementation class UID");
    assertRefused(
        requestWithItems(APP + item(0x20, "01 00 00 00 " + item(0x30, ascii("1.2"))) + USER),
        "lacks an abstract or transfer syntax");
  }

  @Test
  void itemsInTheWrongPduAreRefused() {
    assertRefused(requestWithItems(APP + item(0x21, "01 00 00 00") + USER), "unexpected");
    byte[] ac = requestWithItems(APP + PC + USER);
    ac[0] = 2;
    assertRefused(ac, "unexpected proposed presentation context");
    assertRefused(requestWithItems(APP + item(0x60, "00") + PC + USER), "unrecognized item 0x60");
    assertRefused(
        requestWithItems(
            APP
                + item(
                    0x20,
                    "01 00 00 00 "
                        + item(0x30, ascii("1.2"))
                        + item(0x30, ascii("1.3"))
                        + item(0x40, ascii("1.2")))
                + USER),
        "second abstract syntax");
  }

  @Test
  void fixedFieldsOfUserInformationMustHaveTheirLength() {
    assertRefused(
        requestWithItems(APP + PC + item(0x50, item(0x51, "00 00 40") + item(0x52, ascii("1.2")))),
        "truncated maximum length");
    assertRefused(
        requestWithItems(
            APP + PC + item(0x50, item(0x51, "00 00 40 00 00") + item(0x52, ascii("1.2")))),
        "trailing bytes");
    assertRefused(
        requestWithItems(
            APP
                + PC
                + item(
                    0x50,
                    item(0x51, "00 00 40 00") + item(0x52, ascii("1.2")) + item(0x53, "00 01"))),
        "truncated asynchronous operations window");
  }

  // ------------------------------------------------------------------ mutation

  /**
   * Every truncation and many byte flips of generated PDUs: the decoder answers with a PDU, a
   * {@link PduFormatException} or an {@link EOFException}, and nothing else.
   */
  @Test
  void mutatedPdusFailOnlyWithFormatOrEof() {
    PduGen gen = new PduGen(42);
    Random r = new Random(43);
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      byte[] good = encode(i % 2 == 0 ? gen.associateRq(8) : gen.any());
      for (int k = 0; k < 40; k++) {
        byte[] bad = good.clone();
        switch (k % 4) {
          case 0 -> bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
          case 1 -> bad[6 + r.nextInt(bad.length - 6)] = (byte) r.nextInt(256);
          case 2 -> bad = shorten(good, 1 + r.nextInt(Math.max(1, good.length - 6)));
          default -> {
            int at = 6 + r.nextInt(Math.max(1, bad.length - 7));
            bad[at] = (byte) 0xFF;
            if (at + 1 < bad.length) {
              bad[at + 1] = (byte) 0xFF;
            }
          }
        }
        try {
          decode(bad);
        } catch (PduFormatException | EOFException expected) {
          refused++;
        } catch (IOException | RuntimeException e) {
          throw new AssertionError(
              "PDU " + i + " mutation " + k + " threw " + e + ": " + Arrays.toString(bad), e);
        }
      }
    }
    assertThat(refused).isGreaterThan(3000);
  }

  // ------------------------------------------------------------------ field values
  //
  // Found by the generated and fuzzed tests here, fixed in PduCodec.

  static byte[] withCalledAe(String called) {
    byte[] b = requestWithItems(APP + PC + USER);
    byte[] ae = called.getBytes(StandardCharsets.ISO_8859_1);
    Arrays.fill(b, 10, 26, (byte) ' ');
    System.arraycopy(ae, 0, b, 10, ae.length);
    return b;
  }

  /**
   * PS3.7 D.3.3 and PduCodec's own comment: unrecognized user information sub-items are ignored.
   */
  @Test
  void unrecognizedUserInformationSubItemsAreIgnored() throws IOException {
    Pdu p =
        decode(
            requestWithItems(
                APP
                    + PC
                    + item(
                        0x50,
                        item(0x51, "00 00 40 00")
                            + item(0x52, ascii("1.2.3.4"))
                            + item(0x5A, "01 02"))));
    assertThat(p).isEqualTo(decode(baseRequest()));
  }

  /**
   * PS3.8 9.3.2 and PS3.5 (VR AE): an AE title is 1 to 16 characters of the default repertoire
   * without control characters or backslash, and not all spaces. The codec takes any 16 bytes, so a
   * newline or ESC reaches callingAe() and from there logs and the audit trail.
   */
  @Test
  void invalidAeTitlesAreRefused() {
    for (String ae : List.of("WA\nRD", "WARD\u001b[2J", "W\u00e9RD", "", "BACK\\SLASH")) {
      assertThatThrownBy(() -> decode(withCalledAe(ae)))
          .as(ae)
          .isInstanceOf(PduFormatException.class);
    }
  }

  /** Whatever AE title the decoder accepts, the encoder writes back unchanged. */
  @Test
  void acceptedAeTitlesRoundTrip() throws IOException {
    for (int c = 0; c < 256; c++) {
      byte[] pdu = withCalledAe("A" + (char) c + "Z");
      Pdu p;
      try {
        p = decode(pdu);
      } catch (PduFormatException refused) {
        continue;
      }
      assertThat(decode(encode(p))).as("byte 0x%02X", c).isEqualTo(p);
    }
  }

  /** PS3.8 9.3.2.2: presentation context IDs are odd integers between 1 and 255. */
  @Test
  void evenPresentationContextIdsAreRefused() {
    for (String id : List.of("02", "00")) {
      String pc =
          item(
              0x20,
              id
                  + " 00 00 00 "
                  + item(0x30, ascii("1.2.840.10008.1.1"))
                  + item(0x40, ascii("1.2.840.10008.1.2")));
      assertRefused(requestWithItems(APP + pc + USER), "context");
    }
  }

  /** PS3.7 D.3.3.2: the implementation version name is 1 to 16 characters of ISO 646. */
  @Test
  void overlongImplementationVersionNameIsRefused() {
    assertRefused(
        requestWithItems(
            APP
                + PC
                + item(
                    0x50,
                    item(0x51, "00 00 40 00")
                        + item(0x52, ascii("1.2.3.4"))
                        + item(0x55, ascii("X".repeat(300))))),
        "version");
  }

  /**
   * PS3.7 D.3.3.2: the version name is ISO 646 (basic G0 set) characters. Found by {@code
   * fuzzReencode}: a mutated "OFF\xC9S_DCMTK_367" decodes as "OFFÉS…" and re-encodes as "OFF?S…".
   */
  @Test
  void implementationVersionNameOutsideIso646IsRefused() {
    for (String name : List.of("OFF\u00c9S_DCMTK_367", "WARD\n010", "WARD\u001b010")) {
      assertRefused(
          requestWithItems(
              APP
                  + PC
                  + item(
                      0x50,
                      item(0x51, "00 00 40 00")
                          + item(0x52, ascii("1.2.3.4"))
                          + item(0x55, ascii(name)))),
          "version");
    }
  }
}
