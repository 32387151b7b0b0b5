package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.hnvd.backend.BondSysfs;
import dev.hnvd.model.BondState;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import dev.hnvd.model.Link;
import dev.hnvd.plan.Action;
import dev.hnvd.platform.KernelView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.NetworkManager.InvalidArguments;
import org.freedesktop.NetworkManager.Settings.Connection.InvalidProperty;
import org.freedesktop.dbus.DBusPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transaction paths a real NetworkManager rarely produces on demand, by fault injection on the
 * thin client: a rollback that fails, verification that never converges, checkpoint conflicts.
 */
class NmTransactionFaultTest {
  static final HcnId ID = new HcnId(0x30);
  static final String B = ID.bondName();
  static final DBusPath CP = new DBusPath("/org/freedesktop/NetworkManager/Checkpoint/9");

  @TempDir
  Path sysfs;
  NmClient nm;

  @BeforeEach
  void setUp() {
    nm = mock(NmClient.class);
    when(nm.version()).thenReturn(NmVersion.parse("1.42.4"));
    when(nm.allSettings()).thenReturn(List.of());
    when(nm.awaitNm(any())).thenReturn(true);
    when(nm.device(anyString())).thenReturn(Optional.of(new DBusPath("/org/freedesktop/NetworkManager/Devices/2")));
    when(nm.checkpointCreate(any(), anyInt(), anyInt())).thenReturn(CP);
    when(nm.settings(anyString())).thenReturn(Optional.empty());
  }

  NmTransaction tx(KernelView kernel) {
    return new NmTransaction(nm, kernel, new BondSysfs(sysfs),
        new NmTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200), 60),
        NmWriteHook.NONE);
  }

  static List<Action> createHnv() {
    return List.of(new Action.CreateBond(ID, B, Optional.of("eth1"), Optional.empty()),
        new Action.AddPort(ID, B, "eth1"));
  }

  @Test
  void rejectedWrite_whoseRollbackAlsoFails_isRollbackFailedNamingBoth() {
    doThrow(new InvalidProperty("connection.x: unknown property"))
        .when(nm).add(any(), anyInt());
    // NM answers the add with an error although the profile landed; deleting it fails too
    when(nm.settings(NmProfileBuilder.uuidFor(B))).thenReturn(Optional.of(NmConnectionSettings.empty()));
    doThrow(new InvalidArguments("boom")).when(nm).delete(NmProfileBuilder.uuidFor(B));

    assertThatThrownBy(() -> tx(new Kernel(null)).run(createHnv()))
        .isInstanceOfSatisfying(HnvException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ROLLBACK_FAILED))
        .hasMessageContaining("create bond " + B)
        .hasMessageContaining("ROLLBACK FAILED")
        .hasMessageContaining("restoring profile " + NmProfileBuilder.uuidFor(B));
    verify(nm).checkpointRollback(CP);
    // The journal gets one ERROR line saying so (captured by QuietLogs, not printed).
    assertThat(dev.hnvd.testing.QuietLogs.messages())
        .anySatisfy(m -> assertThat(m).startsWith("ERROR ").contains("ROLLBACK FAILED", "create bond " + B));
  }

  @Test
  void kernelNeverShowsThePlannedState_isVerifyFailedAndRolledBack() {
    // The kernel has bonding, the bond came up, but eth1 never joins it.
    BondState bond = new BondState(B, "active-backup", List.of(), "", "eth1", "follow", 100);
    when(nm.activeFor(anyString())).thenReturn(Optional.of(new DBusPath("/a/1")));
    when(nm.awaitActivation(any(), any(), any())).thenReturn(2);
    when(nm.settings(anyString())).thenReturn(Optional.of(NmConnectionSettings.empty()));

    assertThatThrownBy(() -> tx(new Kernel(bond)).run(createHnv()))
        .isInstanceOfSatisfying(HnvException.class, e -> assertThat(e.kind()).isEqualTo(Kind.VERIFY_FAILED))
        .hasMessageContaining("eth1 is not enslaved to " + B)
        .hasMessageContaining("rolled back");
    verify(nm).checkpointRollback(CP);
    verify(nm).delete(NmProfileBuilder.uuidFor(B));
    verify(nm).delete(NmProfileBuilder.uuidFor(B + "-eth1"));
    verify(nm, never()).checkpointDestroy(any());
  }

  @Test
  void foreignCheckpoint_isConflictBeforeAnyWrite() {
    when(nm.checkpointCreate(any(), anyInt(), anyInt())).thenThrow(new InvalidArguments(
        "device 'eth1' is already included in checkpoint /org/freedesktop/NetworkManager/Checkpoint/1"));

    assertThatThrownBy(() -> tx(new Kernel(null)).run(createHnv()))
        .isInstanceOfSatisfying(HnvException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
    verify(nm, never()).add(any(), anyInt());
    verify(nm, never()).checkpointRollback(any());
  }

  @Test
  void success_destroysTheCheckpoint_andCountsWrites() {
    BondState bond = new BondState(B, "active-backup", List.of("eth1"), "eth1", "eth1", "follow", 100);
    when(nm.activeFor(anyString())).thenReturn(Optional.of(new DBusPath("/a/1")));
    when(nm.awaitActivation(any(), any(), any())).thenReturn(2);

    var report = tx(new Kernel(bond)).run(createHnv());

    assertThat(report.writes()).isEqualTo(2);
    assertThat(report.warnings()).isEmpty();
    verify(nm).checkpointDestroy(eq(CP));
  }

  /** A kernel with at most one bond, eth1 enslaved to it when the bond lists it. */
  record Kernel(BondState bond) implements KernelView {
    public Map<String, Link> links() {
      return Map.of("eth1", link("eth1").orElseThrow());
    }

    public Optional<Link> link(String n) {
      String master = bond != null && bond.slaves().contains(n) ? bond.name() : "";
      return n.equals("eth1") ? Optional.of(new Link(n, true, "up", master, "")) : Optional.empty();
    }

    public Map<String, BondState> bonds() {
      return bond == null ? Map.of() : Map.of(bond.name(), bond);
    }

    public Optional<BondState> bond(String n) {
      return Optional.ofNullable(bonds().get(n));
    }
  }
}
