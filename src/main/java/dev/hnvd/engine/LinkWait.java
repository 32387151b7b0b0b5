package dev.hnvd.engine;

import java.time.Duration;

/**
 * Waits for "a network link changed" (added, removed, renamed, carrier, bond failover), so a
 * caller re-reads the kernel when something happened instead of on a timer. {@link #seen()} is
 * taken before reading the kernel and handed to {@link #await}: a change between the read and the
 * wait then ends the wait at once instead of being lost.
 */
public interface LinkWait {
  /** A counter that moves on every change (0 forever when there are no events). */
  long seen();

  /** Returns when a change newer than {@code seen} happened, or after {@code timeout}. */
  void await(long seen, Duration timeout) throws InterruptedException;

  /** No events: every wait is a plain sleep of at most {@code step}. */
  static LinkWait every(Duration step) {
    return new LinkWait() {
      @Override
      public long seen() {
        return 0;
      }

      @Override
      public void await(long seen, Duration timeout) throws InterruptedException {
        long ms = Math.min(step.toMillis(), timeout.toMillis());
        if (ms > 0) {
          Thread.sleep(ms);
        }
      }
    };
  }
}
