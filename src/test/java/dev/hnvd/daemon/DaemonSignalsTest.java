package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import dev.hnvd.testing.PrivateBus;
import dev.hnvd.testing.Promtool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon notices a failover by itself and tells the bus: a signal for the new active port,
 * counters in Metrics() and in the node_exporter textfile, and {@code hnvctl events} printing it.
 * A real private dbus-daemon; the kernel is a fixture sysfs the daemon polls.
 */
@Tag("rig")
class DaemonSignalsTest {
  static final String BOND = "bond00001a2b";
  static final String LABELS = "{hcn_id=\"00001a2b\",bond=\"bond00001a2b\"}";
  @TempDir static Path busDir;
  static PrivateBus bus;

  @TempDir Path dir;
  Recorder rec = new Recorder();
  FakeLpar lpar;
  Daemon daemon;
  DBusConnection client;
  Path textfile;
  /** Stands in for the rtnetlink listener: the fixture's files are rewritten in steps, so the test says when it is done. */
  LinkChanges links = new LinkChanges();

  @BeforeAll
  static void startBus() {
    bus = PrivateBus.start(busDir);
  }

  @AfterAll
  static void stopBus() {
    if (bus != null) {
      bus.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP32775p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    lpar.bond(BOND, "enP32775p1s0", "env3").active("enP32775p1s0").primary("enP32775p1s0");
    Files.createDirectories(dir.resolve("textfile"));
    textfile = dir.resolve("textfile/hnvd.prom");
    Daemon.Config base = TestDaemons.config(lpar, bus.address(), Duration.ofMillis(30));
    Daemon.Config cfg = new Daemon.Config(base.socket(), base.stateDir(), base.lockFile(), base.sysfs(), true,
        bus.address(), base.kernelPoll(), base.debounce(), Map.of(Monitor.TEXTFILE_ENV, textfile.toString()));
    daemon = new Daemon(cfg, TestDaemons.engine(lpar, rec.backends()), rec.commands(), Notifier.NONE,
        Clock.systemUTC(), links);
    daemon.start();
    Eventually.until("API on the bus", () -> daemon.busConnected());
    client = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build();
    Eventually.until("name owned", () -> client.getDBusOwnerName(Hnvd1.BUS_NAME) != null);
    Eventually.until("the monitor's baseline", () -> !daemon.monitor().figures().hnvs().isEmpty());
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  /** The VF loses carrier and the bond moves to the vNIC; then the kernel's link event. */
  private void failover() {
    // Holding the monitor makes the fixture's change atomic for its looks (each look holds it):
    // the fixture rewrites files in steps, where the kernel changes a bond in one.
    synchronized (daemon.monitor()) {
      lpar.iface("enP32775p1s0").carrier(false);
      lpar.bondIfPresent(BOND).orElseThrow().active("env3");
    }
    links.signal();
  }

  private void restore() {
    synchronized (daemon.monitor()) {
      lpar.iface("enP32775p1s0").carrier(true);
      lpar.bondIfPresent(BOND).orElseThrow().active("enP32775p1s0");
    }
    links.signal();
  }

  @Test
  void failover_signalsTheNewActivePort_andCountsIt() throws Exception {
    BlockingQueue<Hnvd1.ActivePortChanged> got = new LinkedBlockingQueue<>();
    client.addSigHandler(Hnvd1.ActivePortChanged.class, got::add);
    failover();
    Hnvd1.ActivePortChanged s = got.poll(30, TimeUnit.SECONDS);
    assertThat(s).as("ActivePortChanged within 30 s").isNotNull();
    assertThat(List.of(s.getHcnId(), s.getBond(), s.getOldPort(), s.getNewPort(), s.getKind()))
        .containsExactly("00001a2b", BOND, "enP32775p1s0", "env3", "vnic");

    Hnvd1 api = client.getRemoteObject(Hnvd1.BUS_NAME, Hnvd1.OBJECT_PATH, Hnvd1.class);
    api.Query("20000011", "1a2b");
    String text = api.Metrics();
    assertThat(got.poll(1, TimeUnit.SECONDS)).as("one signal for one change").isNull();
    assertThat(text.lines()).contains("hnv_failovers_total" + LABELS + " 1", "hnv_on_backup" + LABELS + " 1",
        "hnv_primary_restores_total" + LABELS + " 0",
        "hnvd_dynamicrm_commands_total{command=\"hcnqrydev\",result=\"success\"} 1");
    assertThat(text).contains("hnvd_last_reconcile_timestamp_seconds ", "hnv_backup_seconds_total" + LABELS);
    Promtool.Result check = Promtool.checkMetrics(text);
    assertThat(check.exit()).as(check.output() + "\n" + text).isZero();

    // The textfile follows each change, atomically, readable by node_exporter's own user.
    Eventually.until("textfile with the failover", () -> read(textfile).contains("hnv_failovers_total" + LABELS + " 1"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(textfile))).isEqualTo("rw-r--r--");
    try (var files = Files.list(textfile.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("hnvd.prom");
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** hnvctl about this machine (no --root) asks the running daemon: its counters come too. */
  @Test
  void hnvctlMetrics_withTheDaemonRunning_printsTheDaemonsFullSet() throws Exception {
    failover();
    Eventually.until("the failover counted", () -> daemon.monitor().figures().hnvs().values().stream()
        .anyMatch(h -> h.failovers() == 1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = dev.hnvd.cli.Main.run("hnvctl", List.of("metrics"), Map.of("DBUS_SYSTEM_BUS_ADDRESS", bus.address()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    assertThat(rc).isZero();
    // This host has no HNV of its own: the fixture's HNV can only have come from the daemon.
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).contains("hnv_failovers_total" + LABELS + " 1");
    // --local never asks.
    ByteArrayOutputStream local = new ByteArrayOutputStream();
    dev.hnvd.cli.Main.run("hnvctl", List.of("metrics", "--local"), Map.of("DBUS_SYSTEM_BUS_ADDRESS", bus.address()),
        new PrintStream(local, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    assertThat(local.toString(StandardCharsets.UTF_8)).doesNotContain("_total").doesNotContain("00001a2b");
  }

  @Test
  void hnvctlEvents_printsTheSignalAsAJsonLine() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("DBUS_SYSTEM_BUS_ADDRESS", bus.address());
    CompletableFuture<Integer> events = CompletableFuture.supplyAsync(() -> dev.hnvd.cli.Main.run("hnvctl",
        List.of("events", "--json", "--count", "1", "--timeout", "60"), env,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    // hnvctl subscribes in its own time: change until it has printed one (back and forth).
    boolean onBackup = false;
    for (int i = 0; i < 60 && !events.isDone(); i++) {
      if (onBackup) {
        restore();
      } else {
        failover();
      }
      onBackup = !onBackup;
      Thread.sleep(500);
    }
    assertThat(events.get(60, TimeUnit.SECONDS)).isZero();
    // Scripts wait for this line before they make the change they watch (tier 2's lpm.sh does).
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("hnvctl events: listening");
    String line = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(line).startsWith("{\"signal\":").contains("\"hcnId\":\"00001a2b\"", "\"bond\":\"" + BOND + "\"")
        .doesNotContain("\n");
  }
}
