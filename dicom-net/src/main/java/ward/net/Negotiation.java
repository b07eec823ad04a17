package ward.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ward.dicom.DicomWriter;
import ward.net.pdu.Pdu;
import ward.net.pdu.PresentationContext;
import ward.net.pdu.UserInformation;

/** Building association requests and answering them (PS3.8 9.3.2, 9.3.3; PS3.7 D.3.3). */
public final class Negotiation {
  private Negotiation() {}

  /** A request for the given presentation contexts, numbered 1, 3, 5, … */
  public static Pdu.AssociateRq request(
      String calledAe,
      String callingAe,
      List<Map.Entry<String, List<String>>> contexts,
      long maxPduLength,
      UserInformation.UserIdentityRq identity) {
    List<PresentationContext.Proposed> proposed = new ArrayList<>();
    int id = 1;
    for (Map.Entry<String, List<String>> c : contexts) {
      if (id > 255) {
        throw new IllegalArgumentException("more than 128 presentation contexts");
      }
      proposed.add(new PresentationContext.Proposed(id, c.getKey(), c.getValue()));
      id += 2;
    }
    UserInformation user =
        UserInformation.of(
                maxPduLength,
                DicomWriter.IMPLEMENTATION_CLASS_UID,
                DicomWriter.IMPLEMENTATION_VERSION_NAME)
            .withIdentityRequest(identity);
    return new Pdu.AssociateRq(
        1, calledAe, callingAe, Pdu.DICOM_APPLICATION_CONTEXT, proposed, user);
  }

  /**
   * Answers each proposed context: accepted with the first transfer syntax, in the acceptor's order
   * of preference, that the requestor offered; otherwise the reason it is not.
   *
   * @param supported abstract syntax → transfer syntaxes the acceptor takes, preferred first
   */
  public static List<PresentationContext.Result> answer(
      Pdu.AssociateRq rq, Map<String, List<String>> supported) {
    List<PresentationContext.Result> results = new ArrayList<>();
    for (PresentationContext.Proposed p : rq.presentationContexts()) {
      List<String> ours = supported.get(p.abstractSyntax());
      if (ours == null) {
        results.add(
            new PresentationContext.Result(
                p.id(),
                PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                p.transferSyntaxes().get(0)));
        continue;
      }
      String chosen = null;
      for (String ts : ours) {
        if (p.transferSyntaxes().contains(ts)) {
          chosen = ts;
          break;
        }
      }
      results.add(
          chosen == null
              ? new PresentationContext.Result(
                  p.id(),
                  PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED,
                  p.transferSyntaxes().get(0))
              : new PresentationContext.Result(p.id(), PresentationContext.ACCEPTANCE, chosen));
    }
    return results;
  }

  /** An A-ASSOCIATE-AC echoing the request's AE titles. */
  public static Pdu.AssociateAc accept(
      Pdu.AssociateRq rq,
      List<PresentationContext.Result> results,
      long maxPduLength,
      UserInformation.UserIdentityAc identityResponse) {
    UserInformation user =
        UserInformation.of(
                maxPduLength,
                DicomWriter.IMPLEMENTATION_CLASS_UID,
                DicomWriter.IMPLEMENTATION_VERSION_NAME)
            .withIdentityResponse(identityResponse);
    return new Pdu.AssociateAc(
        1, rq.calledAe(), rq.callingAe(), Pdu.DICOM_APPLICATION_CONTEXT, results, user);
  }
}
