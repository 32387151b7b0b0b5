package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnvCtlDiscoverTest {
  @TempDir Path dir;

  @Test
  void discoverJson_documentedShape() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").ofNode("/pci@800000020000011/ethernet@0")
        .locCode("U78D2.001.WZS00AH-P1-C7-T1-S3").iface("enP32775p1s0");
    lpar.veth("30000002", 0x1a2b, "backup").iface("eth1");
    lpar.vnic("30000005", 0x2, "backup");

    Run r = Run.with(java.util.Map.of(), "hnvctl", "--root", dir.toString(), "discover", "--json");

    assertThat(r.exit()).isZero();
    String json = r.out().replaceAll("\\s+", "");
    assertThat(json).startsWith("{\"platform\":{\"powervm\":true,\"vpmem\":false");
    assertThat(json).contains("\"hcnId\":\"00001a2b\",\"bond\":\"bond00001a2b\",\"primary\":\"enP32775p1s0\"");
    assertThat(json).contains("{\"kind\":\"sriov\",\"role\":\"primary\",\"drcIndex\":\"20000011\","
        + "\"ofPath\":\"/pci@800000020000011/ethernet@0\",\"locCode\":\"U78D2.001.WZS00AH-P1-C7-T1-S3\"");
    assertThat(json).contains("\"kind\":\"veth\",\"role\":\"backup\",\"drcIndex\":\"30000002\"");
    assertThat(json).contains("\"ifname\":\"eth1\",\"state\":\"present\"");
    assertThat(json).contains("\"hcnId\":\"00000002\",\"bond\":\"bond00000002\",\"primary\":null");
    assertThat(json).contains("\"ifname\":null,\"state\":\"pending\"");
    assertThat(json).endsWith("\"problems\":[]}");
  }

  @Test
  void discoverTable_aligned() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");

    Run r = Run.with(java.util.Map.of("HNVD_ROOT", dir.toString()), "hnvctl", "discover");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("PowerVM LPAR: yes");
    var lines = r.lines().stream().filter(l -> l.startsWith("00001a2b")).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).indexOf("sriov")).isEqualTo(lines.get(1).indexOf("vnic"));
  }

  @Test
  void unknownSubcommand_exitOne() {
    assertThat(Run.with(java.util.Map.of(), "hnvctl", "frobnicate").exit()).isEqualTo(1);
  }
}
