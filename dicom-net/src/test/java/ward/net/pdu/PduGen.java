package ward.net.pdu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates valid PDUs from a seeded random source, for round trips and fuzzing seeds. */
final class PduGen {
  private final Random r;

  PduGen(long seed) {
    this.r = new Random(seed);
  }

  static byte[] encode(Pdu pdu) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PduCodec.write(out, pdu);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  Pdu any() {
    return switch (r.nextInt(7)) {
      case 0 -> associateRq();
      case 1 -> associateAc();
      case 2 -> associateRj();
      case 3 -> pData();
      case 4 -> new Pdu.ReleaseRq();
      case 5 -> new Pdu.ReleaseRp();
      default -> abort();
    };
  }

  /** 1 to 16 characters of the AE title repertoire, no leading or trailing space. */
  String aeTitle() {
    int n = 1 + r.nextInt(16);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      char c;
      do {
        c = (char) (0x20 + r.nextInt(0x5F));
      } while (c == '\\' || (c == ' ' && (i == 0 || i == n - 1)));
      b.append(c);
    }
    return b.toString();
  }

  /** A UID of 1 to 64 characters: components without leading zeros. */
  String uid() {
    int max = 1 + r.nextInt(64);
    StringBuilder b = new StringBuilder(String.valueOf(r.nextInt(3)));
    while (true) {
      String component =
          r.nextInt(5) == 0 ? "0" : (1 + r.nextInt(9)) + digits(r.nextInt(r.nextInt(20) + 1));
      if (b.length() + 1 + component.length() > max) {
        return b.toString();
      }
      b.append('.').append(component);
    }
  }

  private String digits(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    return b.toString();
  }

  byte[] bytes(int max) {
    byte[] b = new byte[r.nextInt(max + 1)];
    r.nextBytes(b);
    return b;
  }

  private String versionName() {
    String s = aeTitle();
    return s.isBlank() ? "V" : s;
  }

  UserInformation userInformation(boolean request) {
    List<UserInformation.RoleSelection> roles = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      roles.add(new UserInformation.RoleSelection(uid(), r.nextBoolean(), r.nextBoolean()));
    }
    List<UserInformation.ExtendedNegotiation> ext = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      ext.add(new UserInformation.ExtendedNegotiation(uid(), bytes(8)));
    }
    List<UserInformation.CommonExtendedNegotiation> common = new ArrayList<>();
    for (int i = request ? r.nextInt(3) : 0; i > 0; i--) {
      List<String> related = new ArrayList<>();
      for (int j = r.nextInt(4); j > 0; j--) {
        related.add(uid());
      }
      common.add(new UserInformation.CommonExtendedNegotiation(uid(), uid(), related));
    }
    UserInformation.UserIdentityRq idRq =
        request && r.nextBoolean()
            ? new UserInformation.UserIdentityRq(
                1 + r.nextInt(5),
                r.nextBoolean(),
                bytes(40),
                r.nextBoolean() ? bytes(20) : new byte[0])
            : null;
    UserInformation.UserIdentityAc idAc =
        !request && r.nextBoolean() ? new UserInformation.UserIdentityAc(bytes(40)) : null;
    return new UserInformation(
        r.nextInt(4) == 0 ? 0 : r.nextLong() & 0xFFFFFFFFL,
        uid(),
        r.nextInt(4) == 0 ? null : versionName(),
        r.nextBoolean()
            ? new UserInformation.AsyncOpsWindow(r.nextInt(0x10000), r.nextInt(0x10000))
            : null,
        roles,
        ext,
        common,
        idRq,
        idAc);
  }

  /** A request with up to {@code maxContexts} presentation contexts, numbered 1, 3, 5, … */
  Pdu.AssociateRq associateRq(int maxContexts) {
    List<PresentationContext.Proposed> pcs = new ArrayList<>();
    int n = 1 + r.nextInt(maxContexts);
    for (int i = 0; i < n; i++) {
      List<String> ts = new ArrayList<>();
      for (int j = 1 + r.nextInt(5); j > 0; j--) {
        ts.add(uid());
      }
      pcs.add(new PresentationContext.Proposed(2 * i + 1, uid(), ts));
    }
    return new Pdu.AssociateRq(
        1, aeTitle(), aeTitle(), Pdu.DICOM_APPLICATION_CONTEXT, pcs, userInformation(true));
  }

  Pdu.AssociateRq associateRq() {
    return associateRq(128);
  }

  Pdu.AssociateAc associateAc() {
    List<PresentationContext.Result> pcs = new ArrayList<>();
    int n = 1 + r.nextInt(128);
    for (int i = 0; i < n; i++) {
      int result = r.nextInt(5);
      String ts = result == PresentationContext.ACCEPTANCE || r.nextBoolean() ? uid() : "";
      pcs.add(new PresentationContext.Result(2 * i + 1, result, ts));
    }
    return new Pdu.AssociateAc(
        1, aeTitle(), aeTitle(), Pdu.DICOM_APPLICATION_CONTEXT, pcs, userInformation(false));
  }

  Pdu.AssociateRj associateRj() {
    return new Pdu.AssociateRj(1 + r.nextInt(2), 1 + r.nextInt(3), r.nextInt(8));
  }

  Pdu.PDataTf pData() {
    List<Pdv> pdvs = new ArrayList<>();
    for (int i = 1 + r.nextInt(6); i > 0; i--) {
      pdvs.add(new Pdv(1 + 2 * r.nextInt(128), r.nextBoolean(), r.nextBoolean(), bytes(2000)));
    }
    return new Pdu.PDataTf(pdvs);
  }

  Pdu.Abort abort() {
    return new Pdu.Abort(r.nextBoolean() ? 0 : 2, r.nextInt(7));
  }
}
