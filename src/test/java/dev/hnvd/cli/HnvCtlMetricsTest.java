package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import dev.hnvd.testing.Promtool;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hnvctl metrics} without a daemon (a fixture root is never the daemon's): the gauges read
 * from the device tree and the kernel, in a format Prometheus' promtool accepts, with
 * {@code hnv_migration_safe} following the backup's link as hcnqrydev does.
 */
class HnvCtlMetricsTest {
  static final String LABELS = "{hcn_id=\"00001a2b\",bond=\"bond00001a2b\"}";
  @TempDir Path dir;
  FakeLpar lpar;

  @BeforeEach
  void lpar() {
    lpar = FakeLpar.in(dir).exampleHnv();
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("enP32775p1s0").primary("enP32775p1s0");
  }

  private String metrics() {
    Run r = Run.of(dir, "hnvctl", "metrics");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    return r.out();
  }

  @Test
  void metrics_passPromtool_andDescribeTheHnv() {
    String text = metrics();
    Promtool.Result check = Promtool.checkMetrics(text);
    assertThat(check.exit()).as(check.output() + "\n" + text).isZero();
    assertThat(check.output()).as("promtool lint findings").isBlank();
    assertThat(text.lines()).contains(
        "hnv_ports_present" + LABELS + " 2",
        "hnv_ports_enslaved" + LABELS + " 2",
        "hnv_active_port_kind{hcn_id=\"00001a2b\",bond=\"bond00001a2b\",kind=\"sriov\"} 1",
        "hnv_active_port_kind{hcn_id=\"00001a2b\",bond=\"bond00001a2b\",kind=\"vnic\"} 0",
        "hnv_on_backup" + LABELS + " 0",
        "hnv_migration_safe" + LABELS + " 1",
        "# TYPE hnv_migration_safe gauge");
    // Without the daemon there are no counters to report, rather than zeros that would lie.
    assertThat(text).doesNotContain("_total");
  }

  @Test
  void migrationSafe_flipsWithTheBackupsLink() {
    assertThat(metrics().lines()).contains("hnv_migration_safe" + LABELS + " 1");
    lpar.iface("env3").carrier(false);
    assertThat(metrics().lines()).contains("hnv_migration_safe" + LABELS + " 0");
    // hcnqrydev says the same about the VF: one rule.
    assertThat(Run.of(dir, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b").exit()).isEqualTo(1);
    lpar.iface("env3").carrier(true);
    assertThat(metrics().lines()).contains("hnv_migration_safe" + LABELS + " 1");
  }

  @Test
  void onTheBackup_kindAndBackupGaugeSayIt() {
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("env3");
    String text = metrics();
    assertThat(text.lines()).contains(
        "hnv_active_port_kind{hcn_id=\"00001a2b\",bond=\"bond00001a2b\",kind=\"vnic\"} 1",
        "hnv_active_port_kind{hcn_id=\"00001a2b\",bond=\"bond00001a2b\",kind=\"sriov\"} 0",
        "hnv_on_backup" + LABELS + " 1");
  }

  @Test
  void noHnv_stillValidText() {
    FakeLpar empty = FakeLpar.in(dir.resolve("empty")).powervm();
    Run r = Run.of(empty.root(), "hnvctl", "metrics");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("# TYPE hnv_migration_safe gauge").doesNotContain("hcn_id");
    assertThat(Promtool.checkMetrics(r.out()).exit()).isZero();
  }
}
