package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running daemon reacts to the kernel by itself, writes its state, and declines when stopping. */
class DaemonEventsTest {
  @TempDir Path dir;
  Recorder rec = new Recorder();
  Daemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private FakeLpar lparWithBond() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP32775p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("enP32775p1s0").primary("enP32775p1s0");
    return lpar;
  }

  private Daemon start(FakeLpar lpar, Duration kernelPoll) throws Exception {
    Daemon.Config cfg = TestDaemons.config(lpar, null, kernelPoll);
    daemon = new Daemon(cfg, TestDaemons.engine(lpar, rec.backends()), rec.commands(),
        Notifier.NONE, Clock.systemUTC());
    daemon.start();
    return daemon;
  }

  @Test
  void failoverInTheKernel_causesAReplan_namingTheChange() throws Exception {
    FakeLpar lpar = lparWithBond();
    start(lpar, Duration.ofMillis(20));
    int before = daemon.replans();
    lpar.iface("enP32775p1s0").carrier(false);
    lpar.bondIfPresent("bond00001a2b").orElseThrow().active("env3");
    // The fixture rewrites sysfs files in place, so the watcher may see the change in steps
    // ("ports -> []", then "changed"); what matters is that a kernel change triggers a replan.
    Eventually.until("a replan for the failover", () -> daemon.replans() > before
        && daemon.lastReplanReason().startsWith("kernel: "));
  }

  @Test
  void withLinkEvents_theWatcherLooksWhenTheKernelSaysSo_notOnItsPollPeriod() throws Exception {
    FakeLpar lpar = lparWithBond();
    LinkChanges links = new LinkChanges();
    Daemon.Config cfg = TestDaemons.config(lpar, null, Duration.ofMillis(20));
    daemon = new Daemon(cfg, TestDaemons.engine(lpar, rec.backends()), rec.commands(),
        Notifier.NONE, Clock.systemUTC(), links);
    daemon.start();
    int before = daemon.replans();
    lpar.iface("enP32775p1s0").carrier(false);
    // Polling every 20 ms would have seen this many times over; with events it waits for one.
    Thread.sleep(600);
    assertThat(daemon.replans()).isEqualTo(before);
    links.signal();
    Eventually.until("a replan after the link event", () -> daemon.replans() > before
        && daemon.lastReplanReason().startsWith("kernel: "));
    assertThat(daemon.lastReplanReason()).contains("enP32775p1s0 carrier down");
  }

  @Test
  void netlinkThatCannotOpen_isNoListener_soTheDaemonPolls() {
    java.util.Optional<LinkEvents> events = LinkEvents.open(new LinkChanges(), () -> {
      throw new java.io.IOException("socket(AF_NETLINK, NETLINK_ROUTE): errno 97");
    });
    assertThat(events).isEmpty();
    // HnvdCommand then passes no LinkChanges: the daemon polls every kernelPoll, which
    // failoverInTheKernel_causesAReplan_namingTheChange above shows.
  }

  @Test
  void bootReconcile_writesTheStateFile() throws Exception {
    FakeLpar lpar = lparWithBond();
    start(lpar, Duration.ZERO);
    Path state = dir.resolve("var/lib/hnvd/state.json");
    assertThat(state).exists();
    assertThat(Files.readString(state)).contains("\"00001a2b\"").contains("enP32775p1s0");
    assertThat(daemon.lastReplanReason()).isEqualTo("boot");
  }

  @Test
  void afterClose_requestsAreDeclined_soTheClientRunsThemItself() throws Exception {
    start(lparWithBond(), Duration.ZERO);
    daemon.close();
    Wire.Reply r = daemon.handle(new Wire.Request("hcncfgdrc", List.of("DRC_INDEX=1"), Map.of()));
    assertThat(r.ran()).isFalse();
  }
}
