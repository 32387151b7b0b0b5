package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root-only local socket the DynamicRM commands and hnvctl talk to ({@link Wire} protocol).
 * Directory 0700, socket 0600, and the peer must run as our own user. Each connection is read on
 * its own thread with a deadline, so a slow or silent client never holds up the event loop: only a
 * complete request reaches the handler.
 */
final class SocketServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
  private static final int MAX_CONNECTIONS = 8;

  private final Path path;
  private final Function<Wire.Request, Wire.Reply> handler;
  private final ScheduledExecutorService timer;
  private final Duration readTimeout;
  private final ThreadPoolExecutor workers;
  private ServerSocketChannel server;
  /** The identity of the socket file we bound, so close() never removes another daemon's. */
  private Object boundFile;
  private Thread acceptor;
  private volatile boolean closed;

  SocketServer(Path path, Function<Wire.Request, Wire.Reply> handler, ScheduledExecutorService timer,
      Duration readTimeout) {
    this.path = path;
    this.handler = handler;
    this.timer = timer;
    this.readTimeout = readTimeout;
    // Workers end a second after their last command: an idle daemon keeps no thread stacks for
    // them (~100 KiB each), and starting one costs far less than the command it serves.
    this.workers = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "hnvd-client");
      t.setDaemon(true);
      return t;
    });
  }

  /** Binds (replacing a stale socket left by a crash) and starts accepting. */
  void start() throws IOException {
    Path dir = path.getParent();
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    if (Files.exists(path)) {
      if (answers(path)) {
        throw new IOException("another hnvd already serves " + path);
      }
      Files.delete(path);
    }
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    boundFile = fileKey(path);
    acceptor = new Thread(this::acceptLoop, "hnvd-socket");
    acceptor.setDaemon(true);
    acceptor.start();
    log.info("serving commands on {}", path);
  }

  Path path() {
    return path;
  }

  private static boolean answers(Path p) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(p));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          log.warn("accept on {} failed, ignoring: {}", path, e.toString());
        }
        continue;
      }
      try {
        workers.execute(() -> serve(ch));
      } catch (RejectedExecutionException e) {
        // The client then runs the command itself: refusing costs speed, never the command.
        log.warn("{} busy connections, turning one away", MAX_CONNECTIONS);
        closeQuietly(ch);
      }
    }
  }

  private void serve(SocketChannel ch) {
    try (ch) {
      if (!trusted(ch)) {
        return;
      }
      Wire.Request req;
      ScheduledFuture<?> deadline = timer.schedule(() -> closeQuietly(ch), readTimeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        InputStream in = Channels.newInputStream(ch);
        req = Wire.readRequest(in);
      } catch (Wire.VersionMismatch e) {
        log.info("client speaks another protocol ({}), letting it run the command itself", e.getMessage());
        Wire.write(Channels.newOutputStream(ch), Wire.encode(Wire.Reply.declined()));
        return;
      } catch (java.io.EOFException e) {
        // A probe (another hnvd checking whether we run) or a client that gave up.
        log.debug("client closed before a complete request");
        return;
      } catch (java.nio.channels.AsynchronousCloseException e) {
        log.warn("client sent no complete request within {} ms, closed it", readTimeout.toMillis());
        return;
      } catch (IOException e) {
        log.warn("unreadable request on {}, ignoring: {}", path, e.toString());
        return;
      } finally {
        deadline.cancel(false);
      }
      Wire.Reply reply = handler.apply(req);
      // Writing has its own deadline: a client that stops reading must not keep this thread.
      ScheduledFuture<?> writeDeadline = timer.schedule(() -> closeQuietly(ch), 30, TimeUnit.SECONDS);
      try {
        Wire.write(Channels.newOutputStream(ch), Wire.encode(reply));
      } finally {
        writeDeadline.cancel(false);
      }
    } catch (IOException e) {
      log.warn("client went away before its answer, ignoring: {}", e.toString());
    } catch (RuntimeException e) {
      log.error("request failed: {}", e.toString(), e);
    }
  }

  /** Only our own user (root in production) may drive us; the 0700 directory says so too. */
  private boolean trusted(SocketChannel ch) {
    try {
      UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
      String me = System.getProperty("user.name");
      if (peer.user().getName().equals(me)) {
        return true;
      }
      log.warn("refusing command from user {} on {}", peer.user().getName(), path);
      return false;
    } catch (IOException | UnsupportedOperationException e) {
      log.warn("cannot read peer credentials, refusing: {}", e.toString());
      return false;
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // Already gone.
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // Closing anyway.
    }
    workers.shutdownNow();
    if (server == null) {
      return; // never bound: the file, if any, belongs to someone else
    }
    // A daemon started since (after deciding ours was stale) has its own socket at this path:
    // remove only the file we bound.
    Object now = fileKey(path);
    if (now == null || !now.equals(boundFile)) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.debug("cannot remove {}: {}", path, e.toString());
    }
  }

  /** The file's identity (device and inode), or null when it is gone or unreadable. */
  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException e) {
      return null;
    }
  }
}
