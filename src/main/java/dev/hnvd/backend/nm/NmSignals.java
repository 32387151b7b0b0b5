package dev.hnvd.backend.nm;

import dev.hnvd.backend.nm.dbus.NmActiveConnection;
import dev.hnvd.backend.nm.dbus.NmConnection;
import dev.hnvd.backend.nm.dbus.NmManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What NetworkManager tells us by signal, and waiting on it: its bus name changing owner (a
 * restart, counted as a generation), the states of the activations we wait for, and, for a
 * caching client, profiles changed by others. Handlers only record and wake waiters: the signal
 * thread must never block.
 */
final class NmSignals {
  private static final Logger LOG = LoggerFactory.getLogger(NmSignals.class);
  private static final String NM = NmManager.BUS_NAME;

  /** Incremented whenever NetworkManager's bus name changes owner (restart, crash). */
  private final AtomicLong generation = new AtomicLong();
  /** Latest state per active-connection path we are waiting on, from StateChanged signals. */
  private final Map<String, Integer> activeStates = new ConcurrentHashMap<>();
  /** Paths being waited on; only these are recorded, so the map does not grow in a daemon. */
  private final Set<String> watched = ConcurrentHashMap.newKeySet();
  private final Object events = new Object();
  /** Our signal subscriptions, undone by {@link #unsubscribe()}. */
  private final List<AutoCloseable> subscriptions = new ArrayList<>();

  /**
   * Subscribes on {@code bus}. {@code nmOwnerChanged} hears whether NetworkManager is now on the
   * bus; {@code profileChanged}, when not null, hears the path of each profile updated or removed.
   */
  NmSignals(DBusConnection bus, Consumer<Boolean> nmOwnerChanged, Consumer<String> profileChanged)
      throws DBusException {
    try {
      subscriptions.add(bus.addSigHandler(DBus.NameOwnerChanged.class, s -> {
        if (NM.equals(s.name)) {
          generation.incrementAndGet();
          boolean present = !s.newOwner.isEmpty();
          nmOwnerChanged.accept(present);
          LOG.info("NetworkManager {} the bus", present ? "appeared on" : "left");
          wake();
        }
      }));
      subscriptions.add(bus.addSigHandler(NmActiveConnection.StateChanged.class, s -> {
        if (watched.contains(s.getPath())) {
          activeStates.put(s.getPath(), s.state());
          wake();
        }
      }));
      if (profileChanged != null) {
        // Only a caching connection needs them: each subscription is a match rule on the bus and a
        // signal per profile change delivered to us.
        subscriptions.add(bus.addSigHandler(NmConnection.Updated.class, s -> profileChanged.accept(s.getPath())));
        subscriptions.add(bus.addSigHandler(NmConnection.Removed.class, s -> profileChanged.accept(s.getPath())));
      }
    } catch (DBusException | RuntimeException e) {
      unsubscribe();
      throw e;
    }
  }

  long generation() {
    return generation.get();
  }

  /** Records the StateChanged signals of this activation from now on, until {@link #unwatch}. */
  void watch(String activePath) {
    watched.add(activePath);
  }

  void unwatch(String activePath) {
    watched.remove(activePath);
    activeStates.remove(activePath);
  }

  /** The last state a signal reported for a watched activation, or null. */
  Integer signalledState(String activePath) {
    return activeStates.get(activePath);
  }

  /**
   * Waits for a condition that signals make true; re-checks at least every 100 ms because a signal
   * may have arrived before we subscribed to the object (activation races), never past the deadline.
   */
  boolean await(Duration timeout, BooleanSupplier done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (done.getAsBoolean()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (events) {
        try {
          events.wait(Math.max(1, Math.min(100, left / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  private void wake() {
    synchronized (events) {
      events.notifyAll();
    }
  }

  /** Undoes our subscriptions (a borrowed connection outlives us). */
  void unsubscribe() {
    for (AutoCloseable sub : subscriptions) {
      try {
        sub.close();
      } catch (Exception e) {
        // A dead connection has no subscriptions left to undo.
        LOG.debug("unsubscribing failed, ignoring: {}", e.toString());
      }
    }
    subscriptions.clear();
  }
}
