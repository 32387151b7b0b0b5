package dev.hnvd.daemon;

import dev.hnvd.model.HnvException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One private (non-shared) system-bus connection that heals itself: it connects with a bounded
 * back-off (1 s doubling to 60 s) while the bus is unreachable, runs its setup (export objects,
 * subscribe) on every new connection, and starts over when the transport dies. The daemon never
 * crash-loops because D-Bus is down; it logs WARN and keeps serving its socket.
 */
final class BusLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BusLink.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(60);

  /** What to do on each new connection; a throw counts as a failed attempt. */
  @FunctionalInterface
  interface Setup {
    void on(DBusConnection c) throws DBusException;
  }

  private final String what;
  private final String address;
  private final Setup setup;
  private final ScheduledExecutorService executor;
  private volatile DBusConnection conn;
  private volatile boolean retryPending;
  private volatile boolean closed;
  private Duration nextDelay = FIRST_RETRY;
  private int failures;

  /**
   * @param what for the log, e.g. "API" or "NetworkManager events"
   * @param address a D-Bus address, or null for the system bus (which honours DBUS_SYSTEM_BUS_ADDRESS)
   */
  BusLink(String what, String address, Setup setup) {
    this.what = what;
    this.address = address;
    this.setup = setup;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hnvd-bus-" + what.replace(' ', '-'));
      t.setDaemon(true);
      return t;
    });
  }

  /** Connects in the background; returns at once. */
  void start() {
    retryPending = true;
    executor.execute(this::attempt);
  }

  /** Runs a task on this link's own thread (for D-Bus calls a signal handler must not make). */
  void execute(Runnable task) {
    if (!closed) {
      executor.execute(task);
    }
  }

  /** Connected, or waiting to retry: anything but a connection that died unnoticed. */
  boolean healthy() {
    DBusConnection c = conn;
    return closed || (c != null ? c.isConnected() : retryPending);
  }

  boolean connected() {
    DBusConnection c = conn;
    return c != null && c.isConnected();
  }

  /**
   * The connection, waiting up to {@code max} for one (the link connects in the background, and
   * the daemon's first reconcile asks right after start).
   *
   * @throws HnvException UNREACHABLE when there is none by then (the link keeps retrying)
   */
  DBusConnection await(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (this) {
      while (true) {
        DBusConnection c = conn;
        if (c != null && c.isConnected()) {
          return c;
        }
        long left = deadline - System.nanoTime();
        if (closed || left <= 0) {
          throw new HnvException(HnvException.Kind.UNREACHABLE,
              "system D-Bus not reachable (hnvd keeps trying to connect)");
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new HnvException(HnvException.Kind.UNREACHABLE, "interrupted waiting for the system D-Bus");
        }
      }
    }
  }

  private boolean attempt() {
    if (closed) {
      return false;
    }
    DBusConnection c = null;
    try {
      DBusConnectionBuilder b = address == null
          ? DBusConnectionBuilder.forSystemBus() : DBusConnectionBuilder.forAddress(address);
      c = b.withShared(false).withDisconnectCallback(new Callback()).build();
      setup.on(c);
      synchronized (this) {
        conn = c;
        notifyAll();
      }
      retryPending = false;
      if (failures > 0) {
        log.info("D-Bus {} connected after {} failed attempts", what, failures);
      } else {
        log.info("D-Bus {} connected", what);
      }
      failures = 0;
      nextDelay = FIRST_RETRY;
      return true;
    } catch (DBusException | RuntimeException e) {
      failures++;
      if (c != null) {
        c.disconnect();
      }
      if (failures == 1 || failures % 10 == 0) {
        log.warn("D-Bus {} unavailable ({}), retrying in {} s: {}", what,
            failures == 1 ? "first attempt" : failures + " attempts", nextDelay.toSeconds(), e.getMessage());
      }
      retryLater();
      return false;
    }
  }

  private void retryLater() {
    if (closed) {
      return;
    }
    retryPending = true;
    Duration d = nextDelay;
    nextDelay = nextDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextDelay.multipliedBy(2);
    executor.schedule(this::attempt, d.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The transport died under us: forget the connection and start over. */
  private void lost(String why) {
    if (closed) {
      return;
    }
    retryPending = true;
    log.warn("D-Bus {} lost ({}), reconnecting", what, why);
    executor.execute(() -> {
      DBusConnection old = conn;
      conn = null;
      if (old != null) {
        old.disconnect();
      }
      nextDelay = FIRST_RETRY;
      attempt();
    });
  }

  private final class Callback implements IDisconnectCallback {
    @Override
    public void disconnectOnError(IOException e) {
      lost(String.valueOf(e.getMessage()));
    }

    @Override
    public void exceptionOnTerminate(IOException e) {
      lost(String.valueOf(e.getMessage()));
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      notifyAll();
    }
    executor.shutdownNow();
    DBusConnection c = conn;
    conn = null;
    if (c != null) {
      c.disconnect();
    }
  }
}
