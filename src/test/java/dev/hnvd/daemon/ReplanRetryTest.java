package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.engine.BackendFactory;
import dev.hnvd.model.HnvException;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed replan is tried again without waiting for an event: after a SIGKILLed hnvd, its
 * checkpoint blocks every change until NetworkManager rolls it back (120 s), and that rollback
 * sends no event the daemon would see (found on real bonds, tier-2 offline.sh s6).
 */
class ReplanRetryTest {
  @TempDir Path dir;
  Daemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void replanFailingOnAForeignCheckpoint_isRetriedWithoutAnyEvent() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1p0s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    Recorder rec = new Recorder();
    AtomicBoolean blocked = new AtomicBoolean(true);
    AtomicInteger opened = new AtomicInteger();
    BackendFactory backends = () -> {
      if (blocked.get()) {
        throw new HnvException(HnvException.Kind.CONFLICT, "another NetworkManager client holds a checkpoint");
      }
      opened.incrementAndGet();
      return rec.backends().open();
    };
    // No kernel watcher, no bus: nothing but the retry can cause a second replan.
    daemon = new Daemon(TestDaemons.config(lpar, null, Duration.ZERO), TestDaemons.engine(lpar, backends),
        rec.commands(), Notifier.NONE, Clock.systemUTC());
    daemon.retryDelay(Duration.ofMillis(50));
    daemon.start();
    assertThat(opened.get()).isZero();
    blocked.set(false);
    Eventually.until("a retried replan reached the backend", () -> opened.get() > 0
        && daemon.lastReplanReason().equals("retry after a failed replan"));
  }

  @Test
  void replanFailingOnInvalidInput_waitsForAnEventInsteadOfATimer() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1p0s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    Recorder rec = new Recorder();
    AtomicInteger asked = new AtomicInteger();
    BackendFactory backends = () -> {
      asked.incrementAndGet();
      throw new HnvException(HnvException.Kind.INVALID, "profile bond00001a2b is not owned by hnvd");
    };
    daemon = new Daemon(TestDaemons.config(lpar, null, Duration.ZERO), TestDaemons.engine(lpar, backends),
        rec.commands(), Notifier.NONE, Clock.systemUTC());
    daemon.retryDelay(Duration.ofMillis(50));
    daemon.start();
    int afterStart = asked.get();
    assertThat(afterStart).isPositive();
    Thread.sleep(500); // ten retry delays
    assertThat(asked.get()).isEqualTo(afterStart);
    assertThat(daemon.lastReplanReason()).isNotEqualTo("retry after a failed replan");
  }
}
