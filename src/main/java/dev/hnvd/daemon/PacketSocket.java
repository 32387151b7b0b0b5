package dev.hnvd.daemon;

import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An AF_PACKET socket for ARP frames, bound to one interface (jffi, as {@link LinkEvents}): the
 * path probe's ear on a bond's port, or its mouth on the bond. A socket bound to a bonding slave
 * gets that slave's frames even while the slave is inactive (the kernel delivers frames an
 * inactive slave receives to handlers bound to that exact device only). Needs CAP_NET_RAW and
 * AF_PACKET in the unit's RestrictAddressFamilies.
 *
 * <p>The constants are Linux's on ppc64le, x86-64, aarch64 and s390x.
 */
final class PacketSocket implements AutoCloseable {
  static final int AF_PACKET = 17;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_NONBLOCK = 0x800;
  static final int ETH_P_ARP = 0x0806;
  private static final int MSG_DONTWAIT = 0x40;
  static final int POLLIN = 1;
  /** sockaddr_ll: family, protocol, ifindex, hatype, pkttype, halen, addr[8]. */
  private static final int SOCKADDR_LL = 20;
  /** sll_pkttype of a frame this host sent, which a packet socket sees too. */
  static final int PACKET_OUTGOING = 4;
  static final int FRAME = 64;

  final int fd;
  final int ifindex;

  private PacketSocket(int fd, int ifindex) {
    this.fd = fd;
    this.ifindex = ifindex;
  }

  /** A socket that receives the ARP frames {@code ifindex} receives (and sends on it). */
  static PacketSocket open(int ifindex) throws IOException {
    Invoker invoker = Invoker.getInstance();
    // Protocol 0: the socket hears nothing until bind() names the device and the protocol at once.
    // Opened with ETH_P_ARP it would hear every interface's ARP frames until bind(), and a frame of
    // our bond seen on another interface in that instant would read as this port's echo.
    int fd = (int) invoker.invokeN3(Libc.INT3, Libc.SOCKET, AF_PACKET,
        SOCK_RAW | SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      int e = errno();
      throw new IOException("socket(AF_PACKET): errno " + e + (e == 1 ? " (needs CAP_NET_RAW)" : "")
          + (e == 97 ? " (address family not allowed: the unit's RestrictAddressFamilies)" : ""));
    }
    MemoryIO memory = MemoryIO.getInstance();
    long sll = memory.allocateMemory(SOCKADDR_LL, true);
    try {
      byte[] a = address(ifindex, null);
      memory.putByteArray(sll, a, 0, a.length);
      if (invoker.invokeN3(Libc.BIND_CTX, Libc.BIND, fd, sll, SOCKADDR_LL) < 0) {
        int e = errno();
        invoker.invokeN1(Libc.INT1, Libc.CLOSE, fd);
        throw new IOException("bind packet socket to ifindex " + ifindex + ": errno " + e);
      }
    } finally {
      memory.freeMemory(sll);
    }
    return new PacketSocket(fd, ifindex);
  }

  /** Sends one Ethernet frame (header included) out of the bound interface to the broadcast address. */
  void send(byte[] frame) throws IOException {
    Invoker invoker = Invoker.getInstance();
    MemoryIO memory = MemoryIO.getInstance();
    long buf = memory.allocateMemory(frame.length, false);
    long sll = memory.allocateMemory(SOCKADDR_LL, true);
    try {
      memory.putByteArray(buf, frame, 0, frame.length);
      byte[] a = address(ifindex, Arrays.copyOfRange(frame, 0, 6));
      memory.putByteArray(sll, a, 0, a.length);
      long n = invoker.invokeN6(Libc.SENDTO_CTX, Libc.SENDTO, fd, buf, frame.length, 0, sll, SOCKADDR_LL);
      if (n < 0) {
        throw new IOException("send on ifindex " + ifindex + ": errno " + errno());
      }
    } finally {
      memory.freeMemory(buf);
      memory.freeMemory(sll);
    }
  }

  /**
   * One received frame: its bytes, whether this host sent it (pkttype OUTGOING), and the
   * interface it was seen on.
   */
  record Frame(byte[] bytes, boolean outgoing, int ifindex) {
    Frame(byte[] bytes, boolean outgoing) {
      this(bytes, outgoing, 0);
    }
  }

  /** The next queued frame, or null when none is queued. */
  Frame receive(long buf, long sll, long len) {
    Invoker invoker = Invoker.getInstance();
    MemoryIO memory = MemoryIO.getInstance();
    memory.putInt(len, SOCKADDR_LL);
    long n = invoker.invokeN6(Libc.RECVFROM_CTX, Libc.RECVFROM, fd, buf, FRAME, MSG_DONTWAIT, sll, len);
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[(int) n];
    memory.getByteArray(buf, b, 0, b.length);
    return new Frame(b, (memory.getByte(sll + 10) & 0xff) == PACKET_OUTGOING, memory.getInt(sll + 4));
  }

  @Override
  public void close() {
    Invoker.getInstance().invokeN1(Libc.INT1, Libc.CLOSE, fd);
  }

  /** sockaddr_ll in native order, protocol ARP (network order), to {@code mac} when given. */
  private static byte[] address(int ifindex, byte[] mac) {
    ByteBuffer b = ByteBuffer.allocate(SOCKADDR_LL).order(ByteOrder.nativeOrder());
    b.putShort((short) AF_PACKET);
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_ARP).order(ByteOrder.nativeOrder());
    b.putInt(ifindex).putShort((short) 1).put((byte) 0);
    b.put((byte) (mac == null ? 0 : 6));
    if (mac != null) {
      b.put(mac);
    }
    return b.array();
  }

  /** socket(2)'s protocol argument is in network order. */
  private static int htons(int v) {
    return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ((v & 0xff) << 8) | ((v >> 8) & 0xff) : v;
  }

  static int errno() {
    return LastError.getInstance().get();
  }

  /**
   * An ARP probe in RFC 5227's form: broadcast, from {@code mac}, sender address 0.0.0.0, asking for
   * {@code target} (4 bytes; zeros when there is none). Sender 0.0.0.0 never changes a neighbour's
   * ARP cache nor looks like an address conflict, and needs no address on the bond: it is sent
   * for its echo on the other ports, not for the answer.
   */
  static byte[] probe(byte[] mac, byte[] target) {
    ByteBuffer b = ByteBuffer.allocate(60).order(ByteOrder.BIG_ENDIAN);
    b.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(mac).putShort((short) ETH_P_ARP);
    b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
    b.put(mac).put(new byte[4]).put(new byte[6]).put(target);
    return b.array();
  }

  /** Whether {@code f} is an ARP frame sent from {@code mac} (ours) that came in from the wire. */
  static boolean echoOf(Frame f, byte[] mac) {
    return !f.outgoing() && f.bytes().length >= 14
        && Arrays.equals(f.bytes(), 6, 12, mac, 0, 6)
        && (f.bytes()[12] & 0xff) == 0x08 && (f.bytes()[13] & 0xff) == 0x06;
  }
}
