package ward.archive.ingest;

import java.util.Objects;

/**
 * What ingest does beyond storing: the preamble defence and data minimization.
 *
 * @param preambles what an executable preamble leads to
 * @param quarantine where refused objects are kept; null keeps none
 * @param minimization which identifiers are removed; null removes none
 * @param pseudonyms makes pseudonyms for minimized Patient IDs; required with {@code minimization}
 * @param events told of every executable preamble and every minimization
 */
public record Safeguards(
    PreamblePolicy preambles,
    Quarantine quarantine,
    Minimization minimization,
    Pseudonyms pseudonyms,
    IngestEvents events) {

  /** Executable preambles refused (nothing kept), nothing minimized, nobody told. */
  public static final Safeguards REFUSE_EXECUTABLES =
      new Safeguards(PreamblePolicy.QUARANTINE, null, null, null, IngestEvents.NONE);

  public Safeguards {
    Objects.requireNonNull(preambles);
    Objects.requireNonNull(events);
    if (minimization != null && pseudonyms == null) {
      throw new IllegalArgumentException("minimization needs pseudonyms");
    }
  }
}
