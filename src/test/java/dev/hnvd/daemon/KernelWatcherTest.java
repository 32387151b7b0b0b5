package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The once-a-second sysfs look: a replan only when bonds, ports or carriers changed. */
class KernelWatcherTest {
  @TempDir Path dir;
  FakeLpar lpar;
  List<String> changes = new ArrayList<>();
  KernelWatcher watcher;

  @BeforeEach
  void lpar() {
    lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP32775p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("enP32775p1s0").primary("enP32775p1s0");
    watcher = new KernelWatcher(lpar.kernel(), this::names, changes::add);
  }

  private Set<String> names() {
    try (Stream<Path> s = Files.list(lpar.sysfs().resolve("class/net"))) {
      Set<String> out = new TreeSet<>();
      s.forEach(p -> out.add(p.getFileName().toString()));
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private dev.hnvd.testing.FakeBond bond() {
    return lpar.bondIfPresent("bond00001a2b").orElseThrow();
  }

  @Test
  void firstLook_isTheBaseline_andNoChangeMeansNoReplan() {
    assertThat(watcher.check()).isFalse();
    assertThat(watcher.check()).isFalse();
    assertThat(changes).isEmpty();
  }

  @Test
  void failover_vfLosesCarrier_backupBecomesActive() {
    watcher.check();
    lpar.iface("enP32775p1s0").carrier(false);
    bond().active("env3");
    assertThat(watcher.check()).isTrue();
    assertThat(changes).singleElement().asString()
        .contains("bond00001a2b active enP32775p1s0 -> env3")
        .contains("enP32775p1s0 carrier down");
    assertThat(watcher.check()).isFalse();
  }

  @Test
  void vfCarrierReturns_isAChange_soThePlannerCanRestoreThePrimary() {
    lpar.iface("enP32775p1s0").carrier(false);
    bond().active("env3");
    watcher.check();
    lpar.iface("enP32775p1s0").carrier(true);
    assertThat(watcher.check()).isTrue();
    assertThat(changes).singleElement().asString().contains("enP32775p1s0 carrier up");
  }

  @Test
  void vfRemovedAtMigration_portListAndInterfacesChange() {
    watcher.check();
    lpar.bond("bond00001a2b", "env3").active("env3");
    lpar.iface("enP32775p1s0").remove();
    assertThat(watcher.check()).isTrue();
    assertThat(changes).singleElement().asString()
        .contains("interface enP32775p1s0 disappeared")
        .contains("bond00001a2b ports [enP32775p1s0, env3] -> [env3]");
  }

  @Test
  void newVfAppears_isAChangeEvenBeforeItIsEnslaved() {
    watcher.check();
    lpar.iface("enP32776p1s0");
    assertThat(watcher.check()).isTrue();
    assertThat(changes).singleElement().asString().contains("interface enP32776p1s0 appeared");
  }

  @Test
  void primaryChange_isAChange() {
    watcher.check();
    bond().primary("env3");
    assertThat(watcher.check()).isTrue();
    assertThat(changes).singleElement().asString().contains("primary enP32775p1s0 -> env3");
  }
}
