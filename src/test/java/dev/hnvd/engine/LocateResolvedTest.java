package dev.hnvd.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.HnvException;
import dev.hnvd.testing.FakeDevice;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hot-added device's wait for its interface re-reads when a link changes, not on a clock. */
class LocateResolvedTest {
  @TempDir Path dir;

  /** A fake event source: each wait is recorded and may make the interface appear. */
  static final class FakeLinks implements LinkWait {
    final List<Long> seenAtWait = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();
    Runnable onWait = () -> { };
    long generation;

    @Override
    public long seen() {
      return generation;
    }

    @Override
    public void await(long seen, Duration timeout) {
      seenAtWait.add(seen);
      timeouts.add(timeout);
      onWait.run();
      generation++;
    }
  }

  private Engine engine(FakeLpar lpar, Duration deadline, LinkWait links) {
    return new Engine(lpar::discover, lpar.kernel(), () -> {
      throw new AssertionError("locating a device opens no backend");
    }, deadline, links);
  }

  @Test
  void interfaceAppearingOnALinkEvent_isFoundAtTheNextLook() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    FakeDevice vf = lpar.sriov("20000011", 0x1a2b, "primary");
    FakeLinks links = new FakeLinks();
    links.onWait = () -> vf.iface("enP32775p1s0");

    Engine.Located dev = engine(lpar, Duration.ofSeconds(30), links).locateResolved(new DrcIndex(0x20000011));

    assertThat(dev.port().present()).isTrue();
    assertThat(links.seenAtWait).containsExactly(0L); // one wait, with the count read before the look
    // Never longer than the re-check bound: a dropped netlink message costs a second, not 30.
    assertThat(links.timeouts.get(0)).isLessThanOrEqualTo(Engine.RECHECK);
  }

  @Test
  void noInterfaceByTheDeadline_failsClearly_afterWaitingForEvents() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary");
    FakeLinks links = new FakeLinks();
    links.onWait = () -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    };

    long start = System.nanoTime();
    assertThatThrownBy(() -> engine(lpar, Duration.ofMillis(300), links).locateResolved(new DrcIndex(0x20000011)))
        .isInstanceOf(HnvException.class)
        .hasMessageContaining("has no network interface");
    // It waited out the deadline, looking again after each event, and not much longer.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
    assertThat(links.seenAtWait).hasSizeGreaterThan(1);
    assertThat(links.timeouts).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(Duration.ofMillis(300)));
  }

  @Test
  void withoutEvents_thePollSleepsAtMostItsStep() throws Exception {
    long start = System.nanoTime();
    LinkWait.every(Duration.ofMillis(50)).await(0, Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(40), Duration.ofSeconds(2));
  }
}
