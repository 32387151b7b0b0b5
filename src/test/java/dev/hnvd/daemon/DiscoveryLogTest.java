package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import dev.hnvd.model.PortKind;
import dev.hnvd.model.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveryLogTest {
  private static Port port(PortKind k, Role r, int drc, String ifname) {
    return new Port(k, r, new DrcIndex(drc), "/x@" + drc, "", "", -1, Optional.ofNullable(ifname), List.of());
  }

  private static Discovery of(Hnv... hnvs) {
    return new Discovery(true, false, true, List.of(hnvs), List.of());
  }

  @Test
  void oneLinePerHnvWhenItAppearsOrChangesAndOneWhenItLeaves() {
    DiscoveryLog log = new DiscoveryLog();
    Hnv a = new Hnv(new HcnId(0x1a2b), List.of(
        port(PortKind.SRIOV, Role.PRIMARY, 0x20000021, "enP1p0s0"),
        port(PortKind.VNIC, Role.BACKUP, 0x30000003, "env3")));
    assertThat(log.lines(of(a))).containsExactly(
        "discovered HNV 00001a2b (bond00001a2b): enP1p0s0 sriov primary DRC 20000021, env3 vnic backup DRC 30000003");
    assertThat(log.lines(of(a))).as("same tree, nothing to say").isEmpty();

    Hnv moved = new Hnv(new HcnId(0x1a2b), List.of(
        port(PortKind.SRIOV, Role.PRIMARY, 0x20000031, null),
        port(PortKind.VNIC, Role.BACKUP, 0x30000003, "env3")));
    assertThat(log.lines(of(moved))).singleElement().asString()
        .contains("(no interface yet) sriov primary DRC 20000031");
    assertThat(log.lines(of())).containsExactly("HNV 00001a2b is no longer in the device tree");
  }
}
