package ward.net.server;

import java.io.IOException;
import java.io.InputStream;

/** The C-STORE SCP's application side (PS3.4 Annex B). */
@FunctionalInterface
public interface StoreHandler {

  /**
   * Takes one instance. The data set arrives as a stream straight from the network, in {@link
   * StoreRequest#transferSyntaxUid()}, without file meta information; it is never held in memory
   * whole. The handler need not read it to the end (the server discards the rest), and must not
   * keep it after returning.
   *
   * @return the status to answer: {@link Status#OK}, a warning (Bxxx), or a failure (A7xx out of
   *     resources, A9xx data set does not match the SOP class, Cxxx cannot understand)
   * @throws DimseException to answer with its status
   * @throws IOException any other failure, answered with {@link Status#UNABLE_TO_PROCESS}
   */
  Status store(StoreRequest request, InputStream dataSet) throws IOException, DimseException;
}
