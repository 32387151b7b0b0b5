package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operation runs on the one loop: commands and replans never overlap. */
class LoopSerialisationTest {
  @TempDir Path dir;
  Recorder rec = new Recorder();
  Daemon daemon;

  @BeforeEach
  void start() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP32775p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    daemon = TestDaemons.daemon(lpar, rec.backends(), rec.commands(), null, Notifier.NONE);
    daemon.start();
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  @Test
  void concurrentMutatingRequestsAndReplans_neverOverlap() throws Exception {
    int threads = 4;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      done.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < perThread; i++) {
          Wire.Reply r = daemon.handle(new Wire.Request("hcncfgdrc", List.of("DRC_INDEX=" + id), Map.of()));
          assertThat(r.exit()).isZero();
          daemon.requestReplan("test " + id);
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    // Let queued replans drain, then everything that ran ran alone.
    Eventually.until("a replan after the last request", () -> daemon.replans() >= 2);
    daemon.loop().call(() -> null);
    assertThat(rec.maxInside.get()).isEqualTo(1);
    assertThat(rec.entries.get()).isGreaterThanOrEqualTo(threads * perThread);
  }

  @Test
  void readOnlyRequest_runsOnTheCallersThread_evenWhileTheLoopIsBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    daemon.loop().post(() -> {
      blocked.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    blocked.await();
    try {
      Wire.Reply r = daemon.handle(new Wire.Request("hcnqrydev", List.of(), Map.of()));
      assertThat(new String(r.stdout())).isEqualTo("ran hcnqrydev\n");
    } finally {
      release.countDown();
    }
  }

  @Test
  void bootReconcile_ranBeforeStartReturned() {
    // start() returned: the boot scan opened the backend on the loop before READY.
    assertThat(rec.entries.get()).isGreaterThanOrEqualTo(1);
  }
}
