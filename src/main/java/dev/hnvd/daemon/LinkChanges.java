package dev.hnvd.daemon;

import dev.hnvd.engine.LinkWait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "A link changed", counted: whoever hears the kernel ({@link LinkEvents}) calls {@link #signal};
 * listeners run on that caller's thread and waiters ({@link LinkWait}) wake. Nothing here knows
 * what changed: readers take their own look at the kernel.
 */
public final class LinkChanges implements LinkWait {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private long generation;

  /** Runs {@code r} on every change (it must be quick: hand work to another thread). */
  void onChange(Runnable r) {
    listeners.add(r);
  }

  /**
   * Something changed. Listeners first, then the count and the waiters: once {@link #seen} has
   * moved, every listener has been told (a waiter never runs ahead of them).
   */
  void signal() {
    for (Runnable r : listeners) {
      r.run();
    }
    synchronized (this) {
      generation++;
      notifyAll();
    }
  }

  @Override
  public synchronized long seen() {
    return generation;
  }

  @Override
  public synchronized void await(long seen, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (generation == seen) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
