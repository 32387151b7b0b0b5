package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A burst of events becomes one replan; an event during a replan queues exactly one more. */
class ReplannerTest {
  Loop loop = new Loop();
  List<String> ran = new CopyOnWriteArrayList<>();
  // Immediate scheduler: the debounce delay is the timer's business, coalescing is ours.
  Replanner replanner = new Replanner(loop, (task, delay) -> task.run(), java.time.Duration.ZERO, ran::add);

  @AfterEach
  void stop() {
    loop.close();
  }

  @Test
  void burstWhileQueued_coalescesIntoOneReplan_withAllReasons() throws Exception {
    CountDownLatch release = blockLoop();
    replanner.request("device added env3");
    replanner.request("device env3 state 100");
    replanner.request("kernel: interface env3 appeared");
    replanner.request("device added env3");
    release.countDown();
    loop.call(() -> null);
    assertThat(ran).containsExactly("device added env3, device env3 state 100, kernel: interface env3 appeared");
    assertThat(replanner.runs()).isEqualTo(1);
  }

  @Test
  void requestDuringReplan_queuesOneMore() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Replanner slow = new Replanner(loop, (task, delay) -> task.run(), java.time.Duration.ZERO, why -> {
      ran.add(why);
      if (ran.size() == 1) {
        inside.countDown();
        await(release);
      }
    });
    slow.request("first");
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    slow.request("during");
    slow.request("during again");
    release.countDown();
    Eventually.until("second replan", () -> ran.size() == 2);
    loop.call(() -> null);
    assertThat(ran).containsExactly("first", "during, during again");
  }

  @Test
  void separateEvents_separateReplans() throws Exception {
    replanner.request("a");
    loop.call(() -> null);
    replanner.request("b");
    loop.call(() -> null);
    assertThat(ran).containsExactly("a", "b");
  }

  private CountDownLatch blockLoop() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    loop.post(() -> {
      blocked.countDown();
      await(release);
    });
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    return release;
  }

  private static void await(CountDownLatch l) {
    try {
      l.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void holdOff_delaysTheNextReplan_butStillRunsIt() throws Exception {
    List<java.time.Duration> delays = new CopyOnWriteArrayList<>();
    Replanner held = new Replanner(loop, (task, delay) -> {
      delays.add(delay);
      task.run();
    }, java.time.Duration.ofMillis(75), ran::add);
    held.request("before");
    loop.call(() -> null);
    held.holdOff(java.time.Duration.ofSeconds(30));
    held.request("during hold");
    loop.call(() -> null);
    assertThat(delays.get(0)).isEqualTo(java.time.Duration.ofMillis(75));
    assertThat(delays.get(1)).isGreaterThan(java.time.Duration.ofSeconds(20));
    assertThat(ran).containsExactly("before", "during hold");
  }
}
