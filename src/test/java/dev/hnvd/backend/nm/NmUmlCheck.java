package dev.hnvd.backend.nm;

import dev.hnvd.backend.ApplyReport;
import dev.hnvd.model.BondState;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.HnvException;
import dev.hnvd.plan.Action;
import dev.hnvd.plan.Plan;
import dev.hnvd.rig.RigKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.freedesktop.dbus.types.Variant;

/**
 * Tier-2 check run INSIDE a User-Mode Linux guest with real kernel bonding (see NmBackendUmlTest):
 * the NM backend against real bonds. Needs veth pairs vf1/vf1-p and bk1/bk1-p, NM running, and
 * DBUS_SYSTEM_BUS_ADDRESS. Prints one line per check; exit 0 only when all pass.
 */
final class NmUmlCheck {
  static final HcnId ID = new HcnId(0x1a2b);
  static final String B = ID.bondName();
  private final RigKernel kernel = new RigKernel(Path.of("/sys"));
  private int failures;

  public static void main(String[] args) throws Exception {
    System.exit(new NmUmlCheck().run());
  }

  private int run() throws Exception {
    NmTimeouts t = new NmTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(20),
        Duration.ofSeconds(20), 120);
    try (NmBackend nm = NmBackend.connect(null, kernel, Path.of("/sys"), t)) {
      check("connected to " + nm.describe(), true);

      ApplyReport r = nm.apply(plan(new Action.CreateBond(ID, B, Optional.of("vf1"), Optional.empty()),
          new Action.AddPort(ID, B, "vf1"), new Action.AddPort(ID, B, "bk1")));
      BondState b = kernel.bond(B).orElse(null);
      check("create: 3 writes, no warnings " + r.warnings(), r.writes() == 3 && r.warnings().isEmpty());
      check("create: kernel bond active-backup with vf1+bk1, primary vf1, active vf1: " + b,
          b != null && b.mode().equals("active-backup") && b.slaves().containsAll(List.of("vf1", "bk1"))
              && b.primary().equals("vf1") && b.activeSlave().equals("vf1") && b.failOverMac().equals("follow")
              && b.miimon() == 100);
      String ifindex = Files.readString(Path.of("/sys/class/net", B, "ifindex")).trim();

      r = nm.apply(plan(new Action.CreateBond(ID, B, Optional.of("vf1"), Optional.empty()),
          new Action.AddPort(ID, B, "vf1"), new Action.AddPort(ID, B, "bk1")));
      check("re-apply: 0 writes", r.writes() == 0);

      // As after a reboot: NM stops, the bond is gone, NM starts again and brings everything up
      // from the saved profiles alone (autoconnect, autoconnect-slaves; block-autoconnect was runtime).
      sh(REBOOT_NM);
      b = waitFor(() -> kernel.bond(B).filter(x -> x.slaves().containsAll(List.of("vf1", "bk1"))
          && x.primary().equals("vf1") && x.activeSlave().equals("vf1")).orElse(null));
      check("after an NM restart without the bond: NM re-creates it with both ports, primary vf1: "
          + kernel.bond(B), b != null);
      r = nm.apply(plan(new Action.CreateBond(ID, B, Optional.of("vf1"), Optional.empty()),
          new Action.AddPort(ID, B, "vf1"), new Action.AddPort(ID, B, "bk1")));
      check("after the NM restart the same backend still works: 0 writes", r.writes() == 0);
      ifindex = Files.readString(Path.of("/sys/class/net", B, "ifindex")).trim();

      r = nm.apply(plan(new Action.SetPrimary(ID, B, "bk1")));
      b = kernel.bond(B).orElseThrow();
      check("set primary bk1: 1 write, kernel primary and active bk1: " + b,
          r.writes() == 1 && b.primary().equals("bk1") && b.activeSlave().equals("bk1"));
      check("set primary: bond not re-created (same ifindex)",
          ifindex.equals(Files.readString(Path.of("/sys/class/net", B, "ifindex")).trim()));
      check("set primary: both ports still enslaved", b.slaves().containsAll(List.of("vf1", "bk1")));

      r = nm.apply(plan(new Action.SetPrimary(ID, B, "vf1"), new Action.SelectActive(ID, B, "vf1")));
      b = kernel.bond(B).orElseThrow();
      check("primary back to vf1 and active vf1: " + b, b.primary().equals("vf1") && b.activeSlave().equals("vf1"));

      // NM rejects a setting mid-plan on a LIVE bond: everything must come back.
      RigFixtureLite fx = new RigFixtureLite();
      var before = fx.all();
      nm.writeHook((step, s) -> {
        if (step.name().equals(B + "-bk2")) {
          var bad = NmProfileBuilder.copy(s);
          bad.get("connection").put("no-such-key", new Variant<>("x"));
          return bad;
        }
        return s;
      });
      try {
        nm.apply(plan(new Action.SetPrimary(ID, B, "bk1"),
            new Action.RemovePort(ID, B, "vf1", NmProfileBuilder.uuidFor(B + "-vf1")),
            new Action.AddPort(ID, B, "bk2")));
        check("rejected plan threw", false);
      } catch (HnvException e) {
        check("rejected plan threw REJECTED: " + e.getMessage(), e.kind() == HnvException.Kind.REJECTED);
      }
      nm.writeHook(null);
      check("rollback: all profiles as before", before.equals(fx.all()));
      b = waitFor(() -> kernel.bond(B).filter(x -> x.slaves().containsAll(List.of("vf1", "bk1"))
          && x.primary().equals("vf1")).orElse(null));
      check("rollback: kernel bond has vf1+bk1 and primary vf1 again: " + kernel.bond(B), b != null);

      r = nm.apply(plan(new Action.SelectActive(ID, B, "bk1"),
          new Action.RemovePort(ID, B, "vf1", NmProfileBuilder.uuidFor(B + "-vf1"))));
      b = kernel.bond(B).orElseThrow();
      check("remove vf1: 1 write, vf1 released, bk1 active: " + b,
          r.writes() == 1 && !b.slaves().contains("vf1") && b.activeSlave().equals("bk1"));

      r = nm.apply(plan(new Action.RemovePort(ID, B, "bk1", NmProfileBuilder.uuidFor(B + "-bk1")),
          new Action.RemoveBond(ID, B, NmProfileBuilder.uuidFor(B))));
      check("remove bond: 2 writes, kernel bond gone", r.writes() == 2 && kernel.bond(B).isEmpty());
      fx.close();
    } catch (RuntimeException e) {
      e.printStackTrace();
      check("no unexpected exception: " + e, false);
    }
    System.out.println(failures == 0 ? "ALL CHECKS PASSED" : failures + " CHECK(S) FAILED");
    return failures == 0 ? 0 : 1;
  }

  /** Stops NetworkManager (as the guest started it), deletes the bond, starts NM again. */
  private static final String REBOOT_NM = """
      pid=$(cat /run/hnvd-rig/nm.pid)
      kill -TERM "$pid"
      for i in $(seq 1 100); do
        state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)
        case "$state" in ''|Z) break ;; esac
        sleep 0.1
      done
      ip link del bond00001a2b 2>/dev/null
      NetworkManager --no-daemon --debug >>"$RESULTS_DIR/nm-2.log" 2>&1 </dev/null &
      echo $! >/run/hnvd-rig/nm.pid
      nm-online -s -q -t 20
      """;

  private static void sh(String script) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", script).inheritIO().start();
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("script timed out");
    }
  }

  private static BondState waitFor(java.util.function.Supplier<BondState> s) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      BondState b = s.get();
      if (b != null) {
        return b;
      }
      Thread.sleep(100);
    }
    return null;
  }

  private void check(String what, boolean ok) {
    System.out.println((ok ? "CHECK ok   " : "CHECK FAIL ") + what);
    if (!ok) {
      failures++;
    }
  }

  private static Plan plan(Action... a) {
    return new Plan(List.of(a), List.of());
  }

  /** Reads all profiles through its own connection on the guest's system bus. */
  private static final class RigFixtureLite implements AutoCloseable {
    final NmClient c = NmClient.open(Optional.empty(), Duration.ofSeconds(20), () -> { });

    java.util.Map<String, Object> all() {
      java.util.Map<String, Object> out = new java.util.TreeMap<>();
      for (var s : c.allSettings()) {
        var p = NmProfileBuilder.copy(s);
        // timestamp changes on every activation; not part of "the profile".
        p.get("connection").remove("timestamp");
        out.put(NmProfileBuilder.string(s, "connection", "uuid"), NmSettingsComparison.plain(p));
      }
      return out;
    }

    @Override
    public void close() {
      c.close();
    }
  }
}
