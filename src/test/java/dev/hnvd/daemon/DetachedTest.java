package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.HcnId;
import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What hcnrmdev / hcnrmhcn detach stays out of replans until the device tree drops it or hcncfgdrc. */
class DetachedTest {
  @TempDir Path dir;
  final Detached detached = new Detached();

  private FakeLpar lpar() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1p0s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    return lpar;
  }

  private static Wire.Reply exit(int code) {
    return Wire.Reply.ran(code, new byte[0], new byte[0]);
  }

  private static Wire.Request req(String cmd, String... args) {
    return new Wire.Request(cmd, List.of(args), Map.of());
  }

  @Test
  void rmdev_detachesTheDevice_cfgdrcAttachesItAgain() {
    FakeLpar lpar = lpar();
    detached.after(req("hcnrmdev", "DRC_INDEX=0x20000011", "HCN_ID=1a2b"), exit(0), lpar::discover);
    assertThat(detached.devices()).containsExactly(DrcIndex.parse("20000011"));
    detached.retainListed(lpar.discover());
    assertThat(detached.devices()).containsExactly(DrcIndex.parse("20000011"));
    detached.after(req("hcncfgdrc", "DRC_INDEX=20000011"), exit(0), lpar::discover);
    assertThat(detached.isEmpty()).isTrue();
  }

  @Test
  void failedOrDeclinedCommands_detachNothing() {
    FakeLpar lpar = lpar();
    detached.after(req("hcnrmdev", "DRC_INDEX=20000011", "HCN_ID=1a2b"), exit(1), lpar::discover);
    detached.after(req("hcnrmdev", "DRC_INDEX=20000011", "HCN_ID=1a2b"), Wire.Reply.declined(), lpar::discover);
    detached.after(req("hcnrmdev", "DRC_INDEX=zz", "HCN_ID=1a2b"), exit(0), lpar::discover);
    assertThat(detached.isEmpty()).isTrue();
  }

  @Test
  void entriesEnd_whenTheDeviceTreeNoLongerListsThem() {
    FakeLpar lpar = lpar();
    detached.after(req("hcnrmdev", "DRC_INDEX=20000011", "HCN_ID=1a2b"), exit(0), lpar::discover);
    detached.after(req("hcnrmhcn", "HCN_ID=77"), exit(0), lpar::discover);
    assertThat(detached.hnvs()).containsExactly(new HcnId(0x77));
    detached.retainListed(FakeLpar.in(dir.resolve("empty")).powervm().discover());
    assertThat(detached.isEmpty()).isTrue();
  }

  @Test
  void rmhcn_detachesTheHnv_cfgdrcOfOneOfItsDevicesAttachesIt() {
    FakeLpar lpar = lpar();
    detached.after(req("hcnrmhcn", "HCN_ID=1a2b"), exit(0), lpar::discover);
    detached.retainListed(lpar.discover());
    assertThat(detached.hnvs()).containsExactly(new HcnId(0x1a2b));
    detached.after(req("hcncfgdrc", "DRC_INDEX=30000003"), exit(0), lpar::discover);
    assertThat(detached.hnvs()).isEmpty();
  }
}
