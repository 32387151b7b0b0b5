package dev.hnvd.daemon;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

/**
 * The few libc calls the JDK lacks (a datagram to sd_notify's socket, an rtnetlink socket, the
 * path probe's packet sockets), called
 * through jffi without generated classes (see {@link UnixDatagram} for why not jnr-ffi). Loaded on
 * first use only: a daemon that needs neither never touches native code.
 */
final class Libc {
  static final Library C = Library.getDefault();
  static final long SOCKET = symbol("socket");
  static final long CLOSE = symbol("close");
  static final long SENDTO = symbol("sendto");
  static final long BIND = symbol("bind");
  static final long POLL = symbol("poll");
  static final long RECV = symbol("recv");
  static final long RECVFROM = symbol("recvfrom");
  static final long OPEN = symbol("open");
  static final long SETNS = symbol("setns");
  static final CallContext INT1 = context(Type.SINT, Type.SINT);
  static final CallContext INT2 = context(Type.SINT, Type.SINT, Type.SINT);
  static final CallContext INT3 = context(Type.SINT, Type.SINT, Type.SINT, Type.SINT);
  static final CallContext SENDTO_CTX = context(Type.SLONG,
      Type.SINT, Type.POINTER, Type.ULONG, Type.SINT, Type.POINTER, Type.UINT);
  static final CallContext BIND_CTX = context(Type.SINT, Type.SINT, Type.POINTER, Type.UINT);
  static final CallContext POLL_CTX = context(Type.SINT, Type.POINTER, Type.ULONG, Type.SINT);
  static final CallContext RECV_CTX = context(Type.SLONG, Type.SINT, Type.POINTER, Type.ULONG, Type.SINT);
  static final CallContext RECVFROM_CTX = context(Type.SLONG,
      Type.SINT, Type.POINTER, Type.ULONG, Type.SINT, Type.POINTER, Type.POINTER);
  static final CallContext OPEN_CTX = context(Type.SINT, Type.POINTER, Type.SINT);
  /** socket(2)'s SOCK_CLOEXEC (= O_CLOEXEC) on ppc64le, x86-64, aarch64 and s390x. */
  static final int SOCK_CLOEXEC = 0x80000;

  private Libc() {}

  private static long symbol(String name) {
    long address = C.getSymbolAddress(name);
    if (address == 0) {
      throw new UnsatisfiedLinkError("libc has no " + name + ": " + Library.getLastError());
    }
    return address;
  }

  private static CallContext context(Type result, Type... params) {
    return CallContext.getCallContext(result, params, CallingConvention.DEFAULT, true);
  }
}
