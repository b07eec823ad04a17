package ward.net.server;

/**
 * A C-STORE request as a {@link StoreHandler} sees it (PS3.7 9.3.1.1).
 *
 * @param association the association and its principal
 * @param messageId the request's message ID
 * @param priority (0000,0700): 0 medium, 1 high, 2 low
 * @param sopClassUid the affected SOP class UID
 * @param sopInstanceUid the affected SOP instance UID
 * @param transferSyntaxUid the transfer syntax of the data set (the presentation context's)
 * @param moveOriginatorAe the AE title that asked for this store with a C-MOVE, or null
 * @param moveOriginatorMessageId that C-MOVE's message ID, or -1
 */
public record StoreRequest(
    AssociationInfo association,
    int messageId,
    int priority,
    String sopClassUid,
    String sopInstanceUid,
    String transferSyntaxUid,
    String moveOriginatorAe,
    int moveOriginatorMessageId) {}
