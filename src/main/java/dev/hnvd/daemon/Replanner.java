package dev.hnvd.daemon;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Turns bursts of events (a VF hotplug brings DeviceAdded, several StateChanged and a kernel
 * change within milliseconds) into one replan on the loop. At most one replan is queued at a time;
 * requests arriving while it is queued only add their reason. The flag is cleared when the replan
 * STARTS, so an event during a replan queues another one: nothing it changed is missed.
 */
final class Replanner {
  /** Runs a task after a delay (the daemon's timer; tests pass an immediate one). */
  @FunctionalInterface
  interface Scheduler {
    void schedule(Runnable task, Duration delay);
  }

  private static final int MAX_REASONS = 8;

  private final Loop loop;
  private final Scheduler scheduler;
  private final Duration debounce;
  private final Consumer<String> replan;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final AtomicInteger runs = new AtomicInteger();
  private final Set<String> reasons = new LinkedHashSet<>();
  private volatile long holdUntilNanos;

  /**
   * @param replan runs on the loop with the reasons joined, e.g. "device added env3, kernel change"
   */
  Replanner(Loop loop, Scheduler scheduler, Duration debounce, Consumer<String> replan) {
    this.loop = loop;
    this.scheduler = scheduler;
    this.debounce = debounce;
    this.replan = replan;
  }

  /** Asks for a replan; never blocks (signal handlers call this). */
  void request(String reason) {
    synchronized (reasons) {
      if (reasons.size() < MAX_REASONS) {
        reasons.add(reason);
      }
    }
    if (queued.compareAndSet(false, true)) {
      long hold = holdUntilNanos - System.nanoTime();
      Duration delay = hold > debounce.toNanos() ? Duration.ofNanos(hold) : debounce;
      scheduler.schedule(() -> loop.post(this::run), delay);
    }
  }

  /**
   * Delays event-driven replans for a while (they still happen, once, afterwards). Used when
   * replans keep changing things: our own changes cause events, and a planner and a connection
   * manager that disagree must not flap the network as fast as the events come.
   */
  void holdOff(Duration d) {
    holdUntilNanos = System.nanoTime() + d.toNanos();
  }

  /** How many replans ran (for tests and Status). */
  int runs() {
    return runs.get();
  }

  private void run() {
    queued.set(false);
    String why;
    synchronized (reasons) {
      why = String.join(", ", reasons);
      reasons.clear();
    }
    runs.incrementAndGet();
    replan.accept(why);
  }
}
