package dev.hnvd.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import dev.hnvd.model.PortKind;
import dev.hnvd.model.Role;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery of whole LPARs built with {@link FakeLpar}. */
class DiscovererScenarioTest {
  @TempDir Path dir;

  @Test
  void sriovPlusVnic_oneHnv_bothPresent() {
    FakeLpar lpar = FakeLpar.in(dir).powervm().migratable();
    lpar.sriov("20000011", 0x1a2b, "primary").ofNode("/pci@800000020000021/ethernet@0")
        .mac("fa:00:00:00:00:01").vendor(0x15b3).iface("enP32775p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");

    Discovery d = lpar.discover();

    assertThat(d.powervm()).isTrue();
    assertThat(d.migratable()).isTrue();
    assertThat(d.vpmem()).isFalse();
    assertThat(d.problems()).isEmpty();
    assertThat(d.hnvs()).hasSize(1);
    Hnv hnv = d.hnvs().get(0);
    assertThat(hnv.id()).isEqualTo(new HcnId(0x1a2b));
    assertThat(hnv.primary()).contains("enP32775p1s0");
    Port vf = hnv.ports().get(0);
    assertThat(vf.kind()).isEqualTo(PortKind.SRIOV);
    assertThat(vf.role()).isEqualTo(Role.PRIMARY);
    assertThat(vf.drcIndex().hex()).isEqualTo("20000011");
    assertThat(vf.ofPath()).isEqualTo("/pci@800000020000021/ethernet@0");
    assertThat(vf.mac()).isEqualTo("fa:00:00:00:00:01");
    assertThat(vf.vendorId()).isEqualTo(0x15b3);
    assertThat(vf.locCode()).startsWith("U9080.HEX");
    assertThat(vf.problems()).isEmpty();
    Port vnic = hnv.ports().get(1);
    assertThat(vnic.kind()).isEqualTo(PortKind.VNIC);
    assertThat(vnic.role()).isEqualTo(Role.BACKUP);
    assertThat(vnic.ofPath()).isEqualTo("/vdevice/vnic@30000003");
    assertThat(vnic.drcIndex().hex()).isEqualTo("30000003");
    assertThat(vnic.ifname()).isEqualTo(Optional.of("env3"));
    assertThat(vnic.vendorId()).isEqualTo(-1);
  }
}
