package dev.hnvd.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.Hnv;
import dev.hnvd.testing.FakeLpar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes a broken firmware or a fake tree puts into a device's properties (or its
 * interface's devspec), discover() does not throw and the healthy HNV next to it is still found.
 */
class DiscovererFuzzTest {
  private static final List<String> PROPERTIES = List.of("ibm,hcn-id", "ibm,hcn-mode", "ibm,loc-code",
      "local-mac-address", "vendor-id", "ibm,my-drc-index", "compatible", "device_type");

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(24);
  }

  @Provide
  Arbitrary<Map<String, byte[]>> garbage() {
    return Arbitraries.maps(Arbitraries.of(PROPERTIES), bytes()).ofMinSize(1).ofMaxSize(PROPERTIES.size());
  }

  @Property(tries = 60)
  void randomPropertiesOfOneNode_neverCrash_othersFound(
      @ForAll("garbage") Map<String, byte[]> props,
      @ForAll("bytes") byte[] devspec,
      @ForAll boolean vfBroken) throws IOException {
    Path dir = Files.createTempDirectory("hnvd-fuzz");
    try {
      FakeLpar lpar = FakeLpar.in(dir).powervm();
      lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1p1s0");
      lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
      var broken = vfBroken
          ? lpar.sriov("20000012", 0x99, "primary").iface("enP2p1s0")
          : lpar.veth("30000009", 0x99, "backup").iface("env9");
      broken.link().devspec(devspec);
      // Raw writes after the device is built: one file each, no rewrite of the whole node.
      String drcNode = vfBroken ? "/pci@800000020000012" : broken.ofPath();
      props.forEach((name, raw) ->
          lpar.rawProperty(name.equals("ibm,my-drc-index") ? drcNode : broken.ofPath(), name, raw));

      Discovery d = lpar.discover();

      Hnv healthy = d.hnvs().stream().filter(h -> h.id().value() == 0x1a2b).findFirst().orElseThrow();
      assertThat(healthy.ports()).extracting(p -> p.ifname().orElse("?"))
          .containsExactly("enP1p1s0", "env3");
      assertThat(healthy.ports()).allSatisfy(p -> assertThat(p.problems()).isEmpty());
      // The broken device (its hcn-id file always exists) is a port or explained by a problem.
      boolean isPort = d.hnvs().stream().flatMap(h -> h.ports().stream())
          .anyMatch(p -> p.ofPath().equals(broken.ofPath()));
      boolean explained = d.problems().stream().anyMatch(s -> s.startsWith(broken.ofPath() + ": "));
      assertThat(isPort || explained).as("device %s accounted for", broken.ofPath()).isTrue();
    } finally {
      deleteTree(dir);
    }
  }

  @Property(tries = 20)
  void randomCpuinfoAndOsRelease_neverCrash(@ForAll @Size(max = 200) String cpuinfo,
      @ForAll("bytes") byte[] osRelease) throws IOException {
    Path dir = Files.createTempDirectory("hnvd-fuzz");
    try {
      FakeLpar lpar = FakeLpar.in(dir).cpuinfo(cpuinfo);
      Files.createDirectories(dir.resolve("etc"));
      Files.write(dir.resolve("etc/os-release"), osRelease);

      assertThat(lpar.discover().hnvs()).isEmpty();
      assertThat(OsRelease.read(lpar.roots())).isNotNull();
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
