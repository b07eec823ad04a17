package ward.net.server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ward.dicom.UID;

/**
 * The DIMSE services a {@link DicomServer} offers: for each abstract syntax, which service and the
 * transfer syntaxes it takes. Association negotiation accepts exactly these; dispatch calls their
 * handlers.
 */
public final class Services {

  /** Explicit then implicit VR little endian: what every peer can use. */
  public static final List<String> UNCOMPRESSED =
      List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);

  /** One registered service. */
  sealed interface Service permits Echo, Store, Find, Get, Move {
    List<String> transferSyntaxes();
  }

  record Echo(List<String> transferSyntaxes) implements Service {}

  record Store(List<String> transferSyntaxes, StoreHandler handler) implements Service {}

  record Find(List<String> transferSyntaxes, FindHandler handler) implements Service {}

  record Get(List<String> transferSyntaxes, RetrieveHandler handler) implements Service {}

  record Move(List<String> transferSyntaxes, RetrieveHandler handler, MoveDestinations destinations)
      implements Service {}

  private final Map<String, Service> services;

  private Services(Map<String, Service> services) {
    this.services = Map.copyOf(services);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every abstract syntax offered (for tests that prove each one is guarded). */
  public java.util.Set<String> abstractSyntaxes() {
    return services.keySet();
  }

  /** The service for an abstract syntax, or null. */
  Service lookup(String abstractSyntax) {
    return services.get(abstractSyntax);
  }

  /** True when some service sends C-STORE sub-operations on the caller's association (C-GET). */
  boolean sendsOnAssociation() {
    return services.values().stream().anyMatch(s -> s instanceof Get);
  }

  /** Builds the set of services; each abstract syntax can be registered once. */
  public static final class Builder {
    private final Map<String, Service> services = new LinkedHashMap<>();

    private Builder() {}

    private Builder add(String abstractSyntax, Service service) {
      Objects.requireNonNull(abstractSyntax, "abstract syntax");
      if (service.transferSyntaxes().isEmpty()) {
        throw new IllegalArgumentException("no transfer syntax for " + abstractSyntax);
      }
      if (services.putIfAbsent(abstractSyntax, service) != null) {
        throw new IllegalArgumentException(abstractSyntax + " is registered twice");
      }
      return this;
    }

    /** The Verification SOP class: C-ECHO (PS3.4 Annex A). */
    public Builder echo() {
      return add(
          UID.Verification,
          new Echo(List.of(UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian)));
    }

    /**
     * Storage SOP classes (PS3.4 Annex B).
     *
     * @param transferSyntaxes what the handler accepts, preferred first
     */
    public Builder store(
        Collection<String> sopClasses, List<String> transferSyntaxes, StoreHandler handler) {
      Objects.requireNonNull(handler, "handler");
      Store s = new Store(List.copyOf(transferSyntaxes), handler);
      for (String sopClass : sopClasses) {
        add(sopClass, s);
      }
      return this;
    }

    /** A query information model: C-FIND (PS3.4 C.4.1). */
    public Builder find(String informationModel, FindHandler handler) {
      return add(informationModel, new Find(UNCOMPRESSED, Objects.requireNonNull(handler)));
    }

    /**
     * A retrieve information model by C-GET (PS3.4 C.4.3). Instances go to the caller on the same
     * association, over the storage contexts it proposed with the SCP role.
     */
    public Builder get(String informationModel, RetrieveHandler handler) {
      return add(informationModel, new Get(UNCOMPRESSED, Objects.requireNonNull(handler)));
    }

    /** A retrieve information model by C-MOVE (PS3.4 C.4.2) to the known destinations. */
    public Builder move(
        String informationModel, RetrieveHandler handler, MoveDestinations destinations) {
      return add(
          informationModel,
          new Move(
              UNCOMPRESSED, Objects.requireNonNull(handler), Objects.requireNonNull(destinations)));
    }

    public Services build() {
      return new Services(services);
    }
  }
}
