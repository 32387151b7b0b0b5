package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The counting under the kernel's link events: waiters wake on a change and never miss one. */
class LinkChangesTest {
  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void aWaiter_wakesOnASignal_longBeforeItsTimeout() throws Exception {
    LinkChanges changes = new LinkChanges();
    long seen = changes.seen();
    long start = System.nanoTime();
    CompletableFuture<Duration> waited = CompletableFuture.supplyAsync(() -> {
      try {
        changes.await(seen, Duration.ofSeconds(20));
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return since(start);
    });
    Thread.sleep(100);
    changes.signal();
    assertThat(waited.get(10, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aChangeBetweenReadingTheCountAndWaiting_endsTheWaitAtOnce() throws Exception {
    LinkChanges changes = new LinkChanges();
    long seen = changes.seen();
    changes.signal(); // the kernel changed while the caller was reading sysfs
    long start = System.nanoTime();
    changes.await(seen, Duration.ofSeconds(20));
    assertThat(since(start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void noChange_waitsOutTheTimeout() throws Exception {
    LinkChanges changes = new LinkChanges();
    long start = System.nanoTime();
    changes.await(changes.seen(), Duration.ofMillis(200));
    assertThat(since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
  }

  @Test
  void listeners_runOnEverySignal() {
    LinkChanges changes = new LinkChanges();
    AtomicInteger heard = new AtomicInteger();
    changes.onChange(heard::incrementAndGet);
    changes.signal();
    changes.signal();
    assertThat(heard).hasValue(2);
    assertThat(changes.seen()).isEqualTo(2);
  }
}
