package dev.hnvd.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify over {@code NOTIFY_SOCKET}: an AF_UNIX datagram socket, possibly in the abstract
 * namespace (a leading '@'). The JDK only has stream Unix sockets, hence jnr-unixsocket.
 */
final class SdNotifier implements Notifier {
  private static final Logger log = LoggerFactory.getLogger(SdNotifier.class);

  private final UnixDatagramChannel channel;
  private final UnixSocketAddress target;
  private final String name;

  private SdNotifier(UnixDatagramChannel channel, UnixSocketAddress target, String name) {
    this.channel = channel;
    this.target = target;
    this.name = name;
  }

  /**
   * jnr-ffi generates a stub class per native binding with ASM unless told not to; its reflection
   * path is plenty for one datagram every few seconds and keeps ~2 MiB of generated classes and ASM
   * out of the daemon (docs/performance.md). Set before the first jnr class loads, unless the
   * command line chose.
   */
  private static final String JNR_ASM = "jnr.ffi.asm.enabled";

  static SdNotifier open(String socket) throws IOException {
    if (System.getProperty(JNR_ASM) == null) {
      System.setProperty(JNR_ASM, "false");
    }
    // Abstract socket names start with NUL on the wire; systemd writes it as '@'.
    String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
    return new SdNotifier(UnixDatagramChannel.open(), new UnixSocketAddress(path), socket);
  }

  @Override
  public synchronized void notify(String state) {
    try {
      channel.send(ByteBuffer.wrap(state.getBytes(StandardCharsets.UTF_8)), target);
    } catch (IOException | RuntimeException e) {
      log.warn("sd_notify to {} failed, ignoring: {}", name, e.toString());
    }
  }

  @Override
  public boolean active() {
    return true;
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to tell systemd.
    }
  }
}
