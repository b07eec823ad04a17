package ward.net.server;

import ward.dicom.DataSet;

/**
 * A C-FIND, C-GET or C-MOVE in progress: it runs on an operation thread while the association's
 * reader thread keeps receiving, so that a C-CANCEL-RQ (or a C-STORE-RSP of a C-GET sub-operation)
 * reaches it.
 */
final class Operation {
  final int contextId;
  final DataSet command;
  final DataSet identifier;
  final DimseRequest request;
  final Services.Service service;
  private volatile boolean cancelled;
  private volatile int awaitedResponse = -1;

  Operation(
      int contextId,
      DataSet command,
      DataSet identifier,
      DimseRequest request,
      Services.Service service) {
    this.contextId = contextId;
    this.command = command;
    this.identifier = identifier;
    this.request = request;
    this.service = service;
  }

  int messageId() {
    return request.messageId();
  }

  /** PS3.7 9.3.2.3: the peer asked to stop; the operation ends with status FE00 when it can. */
  void cancel() {
    cancelled = true;
  }

  boolean cancelled() {
    return cancelled;
  }

  /** The message ID of the C-STORE-RQ sub-operation whose response is awaited, or -1. */
  int awaitedResponse() {
    return awaitedResponse;
  }

  void await(int messageId) {
    awaitedResponse = messageId;
  }
}
