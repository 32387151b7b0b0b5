package dev.hnvd.packaging;

import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;

/** The fake LPARs the fleet tools are tried on (device tree and sysfs under a directory). */
final class Lpars {
  private Lpars() {}

  /**
   * Two HNVs, both bonds up on their VF: bond00001a2b (VF enP32775p1s0, vNIC backup env3) and
   * bond00002c3d (VF enP32776p1s0, virtual Ethernet backup eth1). Safe to migrate.
   */
  static FakeLpar healthy(Path dir) {
    FakeLpar l = FakeLpar.in(dir).exampleHnv();
    l.bond("bond00001a2b", "enP32775p1s0", "env3").primary("enP32775p1s0").active("enP32775p1s0");
    l.sriov("20000012", 0x2c3d, "primary").iface("enP32776p1s0");
    l.veth("30000004", 0x2c3d, "backup").iface("eth1");
    l.bond("bond00002c3d", "enP32776p1s0", "eth1").primary("enP32776p1s0").active("enP32776p1s0");
    return l;
  }

  /** {@link #healthy} with bond00001a2b's backup link down (carrier 0): a migration would drop it. */
  static FakeLpar backupDown(Path dir) {
    FakeLpar l = healthy(dir);
    l.iface("env3").carrier(false);
    return l;
  }
}
