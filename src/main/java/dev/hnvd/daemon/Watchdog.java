package dev.hnvd.daemon;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds systemd's watchdog ({@code WATCHDOG=1} every half of {@code WATCHDOG_USEC}) only while we
 * are healthy: a heartbeat posted to the loop ran within one watchdog period, and every named check
 * (e.g. "the D-Bus connection is alive or being re-established") passes. A wedged loop therefore
 * gets the daemon restarted instead of silently ignoring the HMC and hotplug events.
 *
 * <p>One exception: while a single operation is running for less than its budget, the loop counts
 * as busy, not wedged. A configure may wait 30 s for udev and then for the connection manager;
 * killing it in the middle of a migration would hurt more than a slow answer.
 */
final class Watchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

  /** A health condition with a name for the log. */
  record Check(String name, BooleanSupplier ok) {}

  private final Notifier notifier;
  private final Loop loop;
  private final Duration period;
  private final List<Check> checks;
  private final LongSupplier nanoClock;
  private final Duration taskBudget;
  private volatile ScheduledFuture<?> task;
  private volatile String lastProblem = "";

  /**
   * @param taskBudget how long one loop task may run before the loop counts as wedged
   */
  Watchdog(Notifier notifier, Loop loop, Duration period, Duration taskBudget, List<Check> checks,
      LongSupplier nanoClock) {
    this.taskBudget = taskBudget;
    this.notifier = notifier;
    this.loop = loop;
    this.period = period;
    this.checks = List.copyOf(checks);
    this.nanoClock = nanoClock;
  }

  /** {@code WATCHDOG_USEC} when it is meant for us ({@code WATCHDOG_PID} unset or our pid). */
  static Optional<Duration> periodFromEnv(Map<String, String> env) {
    String usec = env.get("WATCHDOG_USEC");
    if (usec == null || usec.isBlank()) {
      return Optional.empty();
    }
    String pid = env.get("WATCHDOG_PID");
    if (pid != null && !pid.isBlank() && !pid.strip().equals(Long.toString(ProcessHandle.current().pid()))) {
      return Optional.empty();
    }
    try {
      long v = Long.parseLong(usec.strip());
      return v > 0 ? Optional.of(Duration.ofNanos(v * 1000)) : Optional.empty();
    } catch (NumberFormatException e) {
      log.warn("WATCHDOG_USEC '{}' is not a number, watchdog off", usec);
      return Optional.empty();
    }
  }

  void start(ScheduledExecutorService timer) {
    long half = Math.max(1, period.toNanos() / 2);
    loop.beat();
    task = timer.scheduleAtFixedRate(this::tick, half, half, TimeUnit.NANOSECONDS);
  }

  /** One watchdog round: ping if healthy, then post the next heartbeat. Returns whether it pinged. */
  boolean tick() {
    Optional<String> problem = problem();
    boolean ok = problem.isEmpty();
    if (ok) {
      notifier.notify("WATCHDOG=1");
      if (!lastProblem.isEmpty()) {
        log.info("healthy again, watchdog fed");
      }
      lastProblem = "";
    } else if (!problem.get().equals(lastProblem)) {
      lastProblem = problem.get();
      log.warn("not feeding the watchdog: {}", lastProblem);
    }
    loop.beat();
    return ok;
  }

  /** Why we are unhealthy, or empty. */
  Optional<String> problem() {
    long now = nanoClock.getAsLong();
    long age = now - loop.lastBeatNanos();
    long busy = loop.busyNanos(now);
    boolean withinBudget = busy > 0 && busy <= taskBudget.toNanos();
    if (age > period.toNanos() && !withinBudget) {
      return Optional.of("event loop made no progress for " + Duration.ofNanos(age).toMillis() + " ms");
    }
    for (Check c : checks) {
      if (!c.ok().getAsBoolean()) {
        return Optional.of(c.name());
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    ScheduledFuture<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
  }
}
