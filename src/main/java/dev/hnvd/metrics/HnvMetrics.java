package dev.hnvd.metrics;

import static dev.hnvd.metrics.PromText.labels;

import dev.hnvd.engine.HnvReading;
import dev.hnvd.metrics.PromText.Type;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.PortKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * hnvd's metrics, the one place they are named and derived (docs/operations.md, "Metrics"): the
 * gauges any box can read from the device tree and the kernel, and, from a running daemon, its
 * counters. {@code hnvctl metrics} and the daemon's Metrics() and textfile all print this.
 */
public final class HnvMetrics {
  private HnvMetrics() {}

  /**
   * The Prometheus text for {@code now}; with {@code daemon} also the counters only the daemon
   * keeps.
   */
  public static String render(List<HnvReading> now, Optional<DaemonFigures> daemon) {
    PromText t = new PromText();
    t.family("hnv_ports_present", Type.GAUGE, "Ports of the HNV in the device tree whose network interface exists.");
    now.forEach(r -> t.sample(hnv(r.id(), r.bond()), r.portsPresent()));
    t.family("hnv_ports_enslaved", Type.GAUGE, "Ports the HNV's kernel bond has (0 without a bond).");
    now.forEach(r -> t.sample(hnv(r.id(), r.bond()), r.portsEnslaved()));
    t.family("hnv_active_port_kind", Type.GAUGE,
        "1 for the kind (sriov, vnic, veth) of the bond's active port, 0 for the others; all 0 without an active port.");
    for (HnvReading r : now) {
      for (PortKind k : PortKind.values()) {
        t.sample(labels("hcn_id", r.id().hex(), "bond", r.bond(), "kind", k.label()),
            r.activeKind().filter(k::equals).isPresent() ? 1 : 0);
      }
    }
    t.family("hnv_on_backup", Type.GAUGE, "1 when the HNV's traffic runs on a backup port (the active port is not the VF).");
    now.forEach(r -> t.sample(hnv(r.id(), r.bond()), r.onBackup() ? 1 : 0));
    t.family("hnv_migration_safe", Type.GAUGE,
        "1 when hcnqrydev would let every VF of the HNV be removed (a live migration keeps its traffic), else 0.");
    now.forEach(r -> t.sample(hnv(r.id(), r.bond()), r.migrationSafe() ? 1 : 0));
    daemon.ifPresent(f -> counters(t, f));
    return t.text();
  }

  private static void counters(PromText t, DaemonFigures f) {
    Map<HcnId, DaemonFigures.Hnv> h = f.hnvs();
    t.family("hnv_backup_seconds_total", Type.COUNTER, "Seconds the HNV's traffic ran on a backup port since hnvd started.");
    h.forEach((id, x) -> t.sample(hnv(id, x.bond()), x.backupSeconds()));
    t.family("hnv_failovers_total", Type.COUNTER, "Moves of the active port from the VF to a backup port since hnvd started.");
    h.forEach((id, x) -> t.sample(hnv(id, x.bond()), x.failovers()));
    t.family("hnv_primary_restores_total", Type.COUNTER, "Moves of the active port back to the VF since hnvd started.");
    h.forEach((id, x) -> t.sample(hnv(id, x.bond()), x.restores()));
    t.family("hnv_last_switchover_seconds", Type.GAUGE,
        "Duration of the last change of active port: from the first look that found the old one without carrier"
            + " (or no active port) to the first look that found the new one; 0 when seen in one step.");
    h.forEach((id, x) -> x.lastSwitchoverSeconds().ifPresent(s -> t.sample(hnv(id, x.bond()), s)));
    t.family("hnvd_dynamicrm_commands_total", Type.COUNTER,
        "DynamicRM commands (hcncfgdrc, hcnrmdev, hcnrmhcn, hcnqrydev, hcnversion) hnvd served, by result.");
    f.commands().forEach((cmd, results) -> results.forEach((res, n) ->
        t.sample(labels("command", cmd, "result", res), n)));
    t.family("hnvd_applies_total", Type.COUNTER,
        "Configuration transactions hnvd applied, by result: committed, rolled_back, rollback_failed, failed.");
    f.applies().forEach((res, n) -> t.sample(labels("result", res), n));
    t.family("hnvd_rollbacks_total", Type.COUNTER, "Transactions hnvd rolled back (including rollbacks that failed).");
    t.sample(Map.of(), f.applies().getOrDefault("rolled_back", 0L) + f.applies().getOrDefault("rollback_failed", 0L));
    t.family("hnvd_last_reconcile_timestamp_seconds", Type.GAUGE, "Unix time the daemon's last full reconcile ended.");
    f.lastReconcile().ifPresent(i -> t.sample(Map.of(), i.toEpochMilli() / 1000.0));
  }

  private static Map<String, String> hnv(HcnId id, String bond) {
    return labels("hcn_id", id.hex(), "bond", bond);
  }
}
