package dev.hnvd.daemon;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's one event loop: a single thread that owns the mutable state and runs every
 * operation, so two operations (an HMC command and a replan after a hotplug) never interleave.
 * Watchers and API calls only post tasks here. It also records progress: the watchdog is fed only
 * while tasks posted here keep running.
 */
final class Loop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Loop.class);

  private final ExecutorService executor;
  private final AtomicLong lastBeatNanos = new AtomicLong(System.nanoTime());
  /** When the task running now started, or 0 when idle. */
  private final AtomicLong taskStartNanos = new AtomicLong();
  private volatile Thread thread;

  Loop() {
    executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "hnvd-loop");
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  /** Queues a task; a task that throws is logged and the loop carries on. */
  void post(Runnable task) {
    try {
      executor.execute(() -> {
        try {
          timed(() -> {
            task.run();
            return null;
          });
        } catch (RuntimeException e) {
          log.error("loop task failed, ignoring: {}", e.toString(), e);
        } catch (Exception e) {
          throw new AssertionError("a Runnable cannot throw checked exceptions", e);
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("loop stopped, dropping task");
    }
  }

  /**
   * Runs a task on the loop and waits for its result (for API calls and socket requests). Runs
   * inline when already on the loop, which would otherwise deadlock.
   */
  <T> T call(Callable<T> task) throws Exception {
    if (onLoop()) {
      return task.call();
    }
    Future<T> f;
    try {
      f = executor.submit(() -> timed(task));
    } catch (RejectedExecutionException e) {
      throw new Stopped();
    }
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Exception ex) {
        throw ex;
      }
      throw (Error) c;
    }
  }

  /** The loop no longer takes tasks: hnvd is stopping. */
  static final class Stopped extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("hnvd is stopping");
    }
  }

  boolean onLoop() {
    return Thread.currentThread() == thread;
  }

  private <T> T timed(Callable<T> task) throws Exception {
    taskStartNanos.set(System.nanoTime());
    try {
      return task.call();
    } finally {
      taskStartNanos.set(0);
    }
  }

  /** How long the task running now has been running; zero when idle. */
  long busyNanos(long now) {
    long start = taskStartNanos.get();
    return start == 0 ? 0 : now - start;
  }

  /** Posts a heartbeat; when it runs, the loop has shown progress. */
  void beat() {
    post(() -> lastBeatNanos.set(System.nanoTime()));
  }

  /** When a heartbeat last ran, on the {@link System#nanoTime()} scale. */
  long lastBeatNanos() {
    return lastBeatNanos.get();
  }

  /** Stops taking tasks and waits a little for the one running to finish. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("loop task still running after 10 s at shutdown, abandoning it");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
