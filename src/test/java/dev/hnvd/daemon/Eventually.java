package dev.hnvd.daemon;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread does; the bound only keeps a broken build from hanging. */
final class Eventually {
  private Eventually() {}

  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
