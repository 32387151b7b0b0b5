package dev.hnvd.daemon;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify over {@code NOTIFY_SOCKET}: an AF_UNIX datagram socket, possibly in the abstract
 * namespace (a leading '@'), see {@link UnixDatagram}.
 */
final class SdNotifier implements Notifier {
  private static final Logger log = LoggerFactory.getLogger(SdNotifier.class);

  private final UnixDatagram socket;
  private final String name;

  private SdNotifier(UnixDatagram socket, String name) {
    this.socket = socket;
    this.name = name;
  }

  static SdNotifier open(String socket) throws IOException {
    return new SdNotifier(UnixDatagram.to(socket), socket);
  }

  @Override
  public void notify(String state) {
    try {
      socket.send(state);
    } catch (IOException | RuntimeException e) {
      log.warn("sd_notify to {} failed, ignoring: {}", name, e.toString());
    }
  }

  @Override
  public boolean active() {
    return true;
  }

  @Override
  public void close() {
    socket.close();
  }
}
