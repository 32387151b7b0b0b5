package dev.hnvd.daemon;

import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An unbound AF_UNIX datagram socket that sends to one address: the part of sd_notify the JDK
 * lacks (it has stream Unix sockets only). It calls libc's socket(2), sendto(2) and close(2)
 * through jffi, the native-call layer jnr-unixsocket is built on: jnr-unixsocket itself would
 * load ~300 classes (jnr-ffi, -posix, -enxio, -constants) into a daemon that sends one datagram
 * every few seconds, about 3 MiB of resident memory (docs/performance.md).
 *
 * <p>The constants are Linux's on every architecture hnvd runs on (ppc64le, x86-64, aarch64,
 * s390x); MIPS, SPARC, Alpha and PA-RISC number them differently.
 */
final class UnixDatagram implements AutoCloseable {
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  /** sizeof(struct sockaddr_un.sun_path). */
  static final int SUN_PATH = 108;

  private final String name;
  private final long address;
  private final int addressLength;
  private int fd;

  private UnixDatagram(String name, long address, int addressLength, int fd) {
    this.name = name;
    this.address = address;
    this.addressLength = addressLength;
    this.fd = fd;
  }

  /**
   * A socket that sends to {@code target}: a path, or an abstract name written with a leading '@'
   * (as systemd writes it in NOTIFY_SOCKET).
   */
  static UnixDatagram to(String target) throws IOException {
    byte[] sockaddr = sockaddr(target, ByteOrder.nativeOrder());
    Invoker invoker = Invoker.getInstance();
    int fd = (int) invoker.invokeN3(Libc.INT3, Libc.SOCKET, AF_UNIX, SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw new IOException("socket(AF_UNIX, SOCK_DGRAM): " + errno());
    }
    MemoryIO memory = MemoryIO.getInstance();
    long address = memory.allocateMemory(sockaddr.length, false);
    memory.putByteArray(address, sockaddr, 0, sockaddr.length);
    return new UnixDatagram(target, address, sockaddr.length, fd);
  }

  /**
   * struct sockaddr_un for {@code target}, cut to its used length: the family in native byte
   * order, then the path and its NUL, or for an abstract name a NUL and the name (no terminator:
   * every byte of an abstract name counts).
   */
  static byte[] sockaddr(String target, ByteOrder order) throws IOException {
    if (target.isEmpty() || target.equals("@")) {
      throw new IOException("empty socket address");
    }
    boolean abstractName = target.charAt(0) == '@';
    byte[] name = (abstractName ? target.substring(1) : target).getBytes(StandardCharsets.UTF_8);
    int pathBytes = name.length + 1; // the leading NUL of an abstract name, or a path's final NUL
    if (pathBytes > SUN_PATH) {
      throw new IOException("socket address longer than " + (SUN_PATH - 1) + " bytes: " + target);
    }
    // A path ends at its first NUL; UTF-8 has a zero byte only for U+0000 itself.
    if (!abstractName && target.indexOf('\0') >= 0) {
      throw new IOException("NUL in socket path: " + target);
    }
    byte[] out = new byte[2 + pathBytes];
    boolean little = order == ByteOrder.LITTLE_ENDIAN;
    out[little ? 0 : 1] = (byte) AF_UNIX;
    System.arraycopy(name, 0, out, abstractName ? 3 : 2, name.length);
    return out; // the NUL (leading or final) is the array's zero fill
  }

  /** The last call's errno, with the meaning of those a notify socket gives (same on all our arches). */
  private static String errno() {
    int e = LastError.getInstance().get();
    String meaning = switch (e) {
      case 2 -> " (no such socket)";
      case 11 -> " (receiver's queue full)";
      case 13 -> " (permission denied)";
      case 111 -> " (nobody listening)";
      default -> "";
    };
    return "errno " + e + meaning;
  }

  /** Sends {@code message} as one datagram. */
  synchronized void send(String message) throws IOException {
    if (fd < 0) {
      throw new IOException("socket to " + name + " is closed");
    }
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    MemoryIO memory = MemoryIO.getInstance();
    long buffer = memory.allocateMemory(Math.max(1, bytes.length), false);
    try {
      memory.putByteArray(buffer, bytes, 0, bytes.length);
      long sent = Invoker.getInstance().invokeN6(Libc.SENDTO_CTX, Libc.SENDTO,
          fd, buffer, bytes.length, 0, address, addressLength);
      if (sent < 0) {
        throw new IOException("sendto " + name + ": " + errno());
      }
      if (sent != bytes.length) {
        throw new IOException("sendto " + name + ": " + sent + " of " + bytes.length + " bytes sent");
      }
    } finally {
      memory.freeMemory(buffer);
    }
  }

  @Override
  public synchronized void close() {
    if (fd >= 0) {
      Invoker.getInstance().invokeN1(Libc.INT1, Libc.CLOSE, fd);
      fd = -1;
      MemoryIO.getInstance().freeMemory(address);
    }
  }
}
