package ward.archive.audit;

import java.time.Instant;
import java.util.List;

/**
 * One stored audit record, as the queries return it.
 *
 * @param seq its place in the chain, from 1
 * @param event the EventID's meaning ("Query", "DICOM Instances Transferred", ...)
 * @param userId who asked (user name or AE title)
 * @param address from where, or null
 * @param studies the studies and patients it concerns (SOP classes not counted here)
 * @param message the DICOM audit message XML
 */
public record AuditRecord(
    long seq,
    Instant time,
    String event,
    Outcome outcome,
    String userId,
    String address,
    List<AuditedStudy> studies,
    String message) {}
