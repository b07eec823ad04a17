package ward.net.server;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receives {@link ServerEvent}s. Called on the server's threads: it should return quickly, and what
 * it throws is ignored.
 */
@FunctionalInterface
public interface ServerEvents {

  void on(ServerEvent event);

  /** Discards events. */
  ServerEvents NONE = event -> {};

  /** Writes events to java.util.logging: failures as warnings, the rest as info. */
  static ServerEvents logTo(Logger logger) {
    return event -> {
      Level level =
          event instanceof ServerEvent.Aborted || event instanceof ServerEvent.HandlerFailed
              ? Level.WARNING
              : Level.INFO;
      if (event instanceof ServerEvent.HandlerFailed f) {
        logger.log(level, f.toString(), f.error());
      } else {
        logger.log(level, event.toString());
      }
    };
  }
}
