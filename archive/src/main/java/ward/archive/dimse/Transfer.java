package ward.archive.dimse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import ward.archive.audit.AuditEvent;
import ward.archive.audit.AuditTrail;
import ward.archive.audit.AuditedStudy;
import ward.archive.audit.Outcome;
import ward.archive.audit.Participant;
import ward.archive.index.StoredInstance;

/**
 * The audit records of one C-GET or C-MOVE: Begin Transferring DICOM Instances (PS3.15 A.5.3.3)
 * when the instances are chosen, and DICOM Instances Transferred (A.5.3.7, action Read) once every
 * instance's data set has been read to its end by the sub-operations. A retrieve that stops part
 * way leaves only the first record.
 */
final class Transfer {
  private final AuditTrail audit;
  private final Participant source;
  private final Participant destination;
  private final Participant requestor;
  private final List<AuditedStudy> studies;
  private final int total;
  private final AtomicInteger done = new AtomicInteger();

  Transfer(
      AuditTrail audit,
      Participant source,
      Participant destination,
      Participant requestor,
      List<StoredInstance> instances) {
    this.audit = audit;
    this.source = source;
    this.destination = destination;
    this.requestor = requestor;
    this.studies = AuditedStudy.of(instances);
    this.total = instances.size();
  }

  void begin() {
    audit.record(
        new AuditEvent.BeginTransferring(Outcome.SUCCESS, source, destination, requestor, studies));
  }

  /** Wraps one instance's data set; when the last one is read to its end, the transfer is done. */
  InputStream sent(InputStream dataSet) {
    AtomicBoolean ended = new AtomicBoolean();
    return new FilterInputStream(dataSet) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          end();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
          end();
        }
        return n;
      }

      private void end() {
        if (ended.compareAndSet(false, true) && done.incrementAndGet() == total) {
          audit.record(
              new AuditEvent.InstancesTransferred(
                  AuditEvent.ActionCode.READ,
                  Outcome.SUCCESS,
                  source,
                  destination,
                  requestor,
                  studies));
        }
      }
    };
  }
}
