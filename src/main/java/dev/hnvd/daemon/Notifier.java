package dev.hnvd.daemon;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the service manager how we are ({@code READY=1}, {@code WATCHDOG=1}, {@code STATUS=…},
 * {@code STOPPING=1}). A no-op when not started by systemd ({@code NOTIFY_SOCKET} unset).
 */
public interface Notifier extends AutoCloseable {

  /** Sends one notification, e.g. {@code "READY=1\nSTATUS=serving"}; failures are logged, never thrown. */
  void notify(String state);

  /** Whether anyone listens (systemd gave us a socket). */
  boolean active();

  @Override
  default void close() {}

  /** The notifier that does nothing. */
  Notifier NONE = new Notifier() {
    @Override
    public void notify(String state) {}

    @Override
    public boolean active() {
      return false;
    }
  };

  /** {@code NOTIFY_SOCKET} from the environment, or {@link #NONE}. */
  static Notifier fromEnv(Map<String, String> env) {
    String socket = env.get("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) {
      return NONE;
    }
    try {
      return SdNotifier.open(socket);
    } catch (java.io.IOException | RuntimeException | LinkageError e) {
      // Without notifications a Type=notify unit times out; say why loudly, but keep serving.
      Logger log = LoggerFactory.getLogger(Notifier.class);
      log.error("cannot open NOTIFY_SOCKET {}: {}", socket, e.toString());
      return NONE;
    }
  }
}
