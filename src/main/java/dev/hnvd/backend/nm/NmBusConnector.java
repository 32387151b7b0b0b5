package dev.hnvd.backend.nm;

import dev.hnvd.model.HnvException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a private (non-shared) system-bus connection for a client that owns its own. */
final class NmBusConnector {
  private static final Logger LOG = LoggerFactory.getLogger(NmBusConnector.class);

  private NmBusConnector() {}

  /**
   * Connects to {@code address}, or the system bus ({@code DBUS_SYSTEM_BUS_ADDRESS} is honoured);
   * {@code onDisconnect} runs when the connection breaks.
   *
   * @throws HnvException UNREACHABLE at once when the bus's socket is not there
   */
  static DBusConnection connect(Optional<String> address, Duration callTimeout, Runnable onDisconnect)
      throws DBusException {
    String where = address.orElseGet(() -> Optional.ofNullable(System.getenv("DBUS_SYSTEM_BUS_ADDRESS"))
        .orElse("unix:path=/var/run/dbus/system_bus_socket"));
    // dbus-java waits out its whole connect timeout on a missing socket: answer at once instead.
    if (where.startsWith("unix:path=")) {
      String socket = where.substring("unix:path=".length()).split(",")[0];
      if (!Files.exists(Path.of(socket))) {
        throw new HnvException(HnvException.Kind.UNREACHABLE,
            "system D-Bus not reachable: no socket at " + socket);
      }
    }
    DBusConnectionBuilder builder = address.isPresent()
        ? DBusConnectionBuilder.forAddress(address.get())
        : DBusConnectionBuilder.forSystemBus();
    return builder
        .withShared(false)
        .withDisconnectCallback(new IDisconnectCallback() {
          @Override
          public void disconnectOnError(IOException e) {
            onDisconnect.run();
          }
        })
        .transportConfig().withTimeout((int) Math.min(callTimeout.toMillis(), 3000)).back()
        .build();
  }

  static void closeQuietly(DBusConnection c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("closing the bus connection failed, ignoring", e);
      }
    }
  }
}
