package ward.net.client;

/** Told of each file's outcome as it comes; called from the sending threads. */
@FunctionalInterface
public interface StoreListener {
  void stored(StoreResult result);

  StoreListener NONE = r -> {};
}
