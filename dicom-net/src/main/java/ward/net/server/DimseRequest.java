package ward.net.server;

/**
 * A C-FIND, C-GET or C-MOVE request as a handler sees it.
 *
 * @param association the association and its principal
 * @param messageId the request's message ID
 * @param priority (0000,0700): 0 medium, 1 high, 2 low
 * @param sopClassUid the information model (the affected SOP class)
 * @param transferSyntaxUid the presentation context's transfer syntax
 * @param moveDestination the C-MOVE destination AE title; null for C-FIND and C-GET
 */
public record DimseRequest(
    AssociationInfo association,
    int messageId,
    int priority,
    String sopClassUid,
    String transferSyntaxUid,
    String moveDestination) {}
