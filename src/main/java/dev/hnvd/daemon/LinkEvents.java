package dev.hnvd.daemon;

import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's link events: an rtnetlink socket (AF_NETLINK, NETLINK_ROUTE) in the RTMGRP_LINK
 * group gets a message on every link add, remove, rename, carrier change and bond failover. A
 * thread waits in poll(2), drains what came and signals {@link LinkChanges} once per batch; the
 * messages themselves are not parsed (readers look at sysfs themselves). Native calls go through
 * jffi as in {@link UnixDatagram}, and for the same reason (no jnr-ffi in the daemon).
 *
 * <p>The constants are Linux's on ppc64le, x86-64, aarch64 and s390x (see UnixDatagram).
 */
public final class LinkEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LinkEvents.class);

  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW = 3;
  private static final int NETLINK_ROUTE = 0;
  private static final int RTMGRP_LINK = 1;
  private static final int POLLIN = 1;
  private static final int MSG_DONTWAIT = 0x40;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final int ENOBUFS = 105;
  private static final int O_RDONLY_CLOEXEC = 0x80000;
  private static final int CLONE_NEWNET = 0x40000000;
  private static final int BUFFER = 32 * 1024;
  /** How often the thread looks up from poll(2) to see whether it was closed. */
  private static final int POLL_MS = 500;

  private final int fd;
  private final LinkChanges changes;
  private final Thread thread;
  private volatile boolean closed;

  private LinkEvents(int fd, LinkChanges changes) {
    this.fd = fd;
    this.changes = changes;
    this.thread = new Thread(this::run, "hnvd-netlink");
    thread.setDaemon(true);
  }

  /**
   * Listens in this process's network namespace, or says once in the journal why it cannot (the
   * caller then polls as before: no socket is no reason to stop).
   */
  public static Optional<LinkEvents> open(LinkChanges changes) {
    return open(changes, LinkEvents::socket);
  }

  /** Makes the socket, as a file descriptor. */
  @FunctionalInterface
  interface Opener {
    int open() throws IOException;
  }

  static Optional<LinkEvents> open(LinkChanges changes, Opener opener) {
    try {
      LinkEvents e = new LinkEvents(opener.open(), changes);
      e.thread.start();
      log.info("listening to the kernel's link events (rtnetlink)");
      return Optional.of(e);
    } catch (IOException | RuntimeException | LinkageError e) {
      log.warn("no kernel link events ({}), polling sysfs instead", e.toString());
      return Optional.empty();
    }
  }

  /**
   * Listens in the network namespace {@code netns} (a file such as /run/netns/NAME) instead of
   * ours (tests): the socket is made on a short-lived thread that entered it, and stays bound to
   * that namespace after the thread ends.
   */
  static LinkEvents openIn(Path netns, LinkChanges changes) throws IOException {
    AtomicReference<Object> out = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        enter(netns);
        out.set(socket());
      } catch (IOException | RuntimeException e) {
        out.set(e);
      }
    }, "hnvd-netlink-setns");
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening netlink in " + netns);
    }
    if (out.get() instanceof IOException e) {
      throw e;
    }
    if (out.get() instanceof RuntimeException e) {
      throw e;
    }
    LinkEvents e = new LinkEvents((Integer) out.get(), changes);
    e.thread.start();
    return e;
  }

  /** The calling thread only (setns(2) with CLONE_NEWNET is per thread). */
  private static void enter(Path netns) throws IOException {
    Invoker invoker = Invoker.getInstance();
    MemoryIO memory = MemoryIO.getInstance();
    byte[] path = (netns.toString() + "\0").getBytes(StandardCharsets.UTF_8);
    long p = memory.allocateMemory(path.length, false);
    int nsfd;
    try {
      memory.putByteArray(p, path, 0, path.length);
      // open(2) is variadic; two fixed arguments are how the ABIs we run on pass them too.
      nsfd = (int) invoker.invokeN2(Libc.OPEN_CTX, Libc.OPEN, p, O_RDONLY_CLOEXEC);
    } finally {
      memory.freeMemory(p);
    }
    if (nsfd < 0) {
      throw new IOException("open " + netns + ": errno " + errno());
    }
    try {
      if (invoker.invokeN2(Libc.INT2, Libc.SETNS, nsfd, CLONE_NEWNET) < 0) {
        throw new IOException("setns " + netns + ": errno " + errno());
      }
    } finally {
      invoker.invokeN1(Libc.INT1, Libc.CLOSE, nsfd);
    }
  }

  private static int socket() throws IOException {
    Invoker invoker = Invoker.getInstance();
    int fd = (int) invoker.invokeN3(Libc.INT3, Libc.SOCKET, AF_NETLINK, SOCK_RAW | Libc.SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
      throw new IOException("socket(AF_NETLINK, NETLINK_ROUTE): errno " + errno());
    }
    // struct sockaddr_nl: family (u16), pad (u16), pid (u32, 0: the kernel picks), groups (u32).
    byte[] sockaddr = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
        .putShort((short) AF_NETLINK).putShort((short) 0).putInt(0).putInt(RTMGRP_LINK).array();
    MemoryIO memory = MemoryIO.getInstance();
    long address = memory.allocateMemory(sockaddr.length, false);
    try {
      memory.putByteArray(address, sockaddr, 0, sockaddr.length);
      if (invoker.invokeN3(Libc.BIND_CTX, Libc.BIND, fd, address, sockaddr.length) < 0) {
        int e = errno();
        invoker.invokeN1(Libc.INT1, Libc.CLOSE, fd);
        throw new IOException("bind netlink to RTMGRP_LINK: errno " + e);
      }
    } finally {
      memory.freeMemory(address);
    }
    return fd;
  }

  private static int errno() {
    return LastError.getInstance().get();
  }

  private void run() {
    Invoker invoker = Invoker.getInstance();
    MemoryIO memory = MemoryIO.getInstance();
    long pollfd = memory.allocateMemory(8, true);
    long buffer = memory.allocateMemory(BUFFER, false);
    try {
      // struct pollfd: fd (int), events (short), revents (short).
      memory.putInt(pollfd, fd);
      memory.putShort(pollfd + 4, (short) POLLIN);
      while (!closed) {
        memory.putShort(pollfd + 6, (short) 0);
        int ready = (int) invoker.invokeN3(Libc.POLL_CTX, Libc.POLL, pollfd, 1, POLL_MS);
        if (ready < 0 && errno() != EINTR) {
          log.warn("kernel link events stopped (poll: errno {}), relying on the slow sysfs look", errno());
          return;
        }
        if (ready > 0 && drain(invoker, buffer)) {
          changes.signal();
        }
      }
    } catch (RuntimeException e) {
      log.warn("kernel link events stopped ({}), relying on the slow sysfs look", e.toString());
    } finally {
      memory.freeMemory(pollfd);
      memory.freeMemory(buffer);
      invoker.invokeN1(Libc.INT1, Libc.CLOSE, fd);
    }
  }

  /** Reads all that is queued; true when anything came (an overflow counts: we missed something). */
  private boolean drain(Invoker invoker, long buffer) {
    boolean any = false;
    while (true) {
      long n = invoker.invokeN4(Libc.RECV_CTX, Libc.RECV, fd, buffer, BUFFER, MSG_DONTWAIT);
      if (n > 0) {
        any = true;
        continue;
      }
      if (n == 0) {
        return any;
      }
      int e = errno();
      if (e == ENOBUFS) {
        any = true; // the queue overflowed: messages were dropped, so something changed
        continue;
      }
      if (e != EAGAIN && e != EINTR) {
        log.debug("netlink recv: errno {}", e);
      }
      if (e != EINTR) {
        return any;
      }
    }
  }

  /** Stops the thread (within {@link #POLL_MS}); it closes the socket on its way out. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(2L * POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
