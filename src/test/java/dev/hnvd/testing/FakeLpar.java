package dev.hnvd.testing;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.PortKind;
import dev.hnvd.platform.Discoverer;
import dev.hnvd.platform.Roots;
import dev.hnvd.platform.SysfsKernel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A fake Linux LPAR on disk, for tests that read like scenarios:
 *
 * <pre>{@code
 * FakeLpar lpar = FakeLpar.in(tempDir).powervm();
 * lpar.sriov("20000011", 0x1a2b, "primary").ofNode("/pci@800000020000021/ethernet@0").iface("enP32775p1s0");
 * lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
 * lpar.bond("bond00001a2b", "enP32775p1s0", "env3").primary("enP32775p1s0");
 * Discovery d = lpar.discover();
 * }</pre>
 *
 * Everything is written at once (each call rewrites what it describes), so a test may change the
 * LPAR between two discoveries. What it writes under the directory:
 *
 * <pre>
 * &lt;dir&gt;/
 *   proc/cpuinfo                       powervm() | kvmGuest() | powerNv() | cpuinfo(text)
 *   proc/device-tree/                  nodes = directories, properties = files (raw bytes)
 *     device_type                      "chrp\0" (powervm, kvmGuest)
 *     ibm,migratable-partition         migratable()
 *     pci@8000000&lt;drc&gt;/                sriov(): PHB with ibm,my-drc-index
 *       ethernet@0/                    ibm,hcn-id, ibm,hcn-mode, ibm,loc-code,
 *                                      local-mac-address, vendor-id, device-id
 *     vdevice/vnic@&lt;drc&gt;/              vnic(): ibm,my-drc-index, reg, ibm,hcn-id, …
 *     vdevice/l-lan@&lt;drc&gt;/             veth(): same
 *     ibm,persistent-memory/ibm,pmemory@44104001/   vpmem(): compatible "ibm,pmemory"
 *   sys/class/net/&lt;if&gt; -&gt; ../../devices/…/net/&lt;if&gt;   see {@link FakeIface}
 *   sys/devices/vio/&lt;drc&gt;/devspec     "/vdevice/vnic@30000003\n"
 *   sys/devices/pci&lt;drc&gt;/&lt;bdf&gt;/{devspec,vendor}   "/pci@…/ethernet@0" (no newline), "0x15b3\n"
 *   sys/devices/virtual/net/&lt;bond&gt;/bonding/…          see {@link FakeBond}
 *   etc/os-release                     osRelease(id, versionId)
 * </pre>
 *
 * Device defaults: MAC {@code fa:ce:<drc bytes>}, SR-IOV vendor 0x15b3 (Mellanox), no interface
 * (pending) until {@link FakeDevice#iface(String)}. {@link #deviceTreeOnly(Path)} leaves sysfs
 * alone (the real one), for rigs whose real links are found by MAC.
 */
public final class FakeLpar {
  private final Path root;
  private final Path deviceTree;
  private final Path sysfs;
  private final boolean fakeSysfs;
  private final Map<String, FakeIface> ifaces = new TreeMap<>();
  private final Map<String, FakeBond> bonds = new TreeMap<>();
  private final List<FakeDevice> devices = new ArrayList<>();
  private int nextMac = 1;

  private FakeLpar(Path root, Path sysfs, boolean fakeSysfs) {
    this.root = root;
    this.deviceTree = root.resolve("proc/device-tree");
    this.sysfs = sysfs;
    this.fakeSysfs = fakeSysfs;
    Fs.mkdirs(deviceTree);
    if (fakeSysfs) {
      Fs.mkdirs(sysfs.resolve("class/net"));
    }
  }

  /** A fake LPAR (device tree AND sysfs) under {@code dir}; platform unknown until e.g. powervm(). */
  public static FakeLpar in(Path dir) {
    return new FakeLpar(dir, dir.resolve("sys"), true);
  }

  /**
   * Only {@code <dir>/proc} and {@code <dir>/etc} are fake; sysfs is the real {@code /sys}. Devices
   * are found through {@link FakeDevice#mac(String)} on real links; interface methods throw.
   */
  public static FakeLpar deviceTreeOnly(Path dir) {
    return deviceTreeOnly(dir, Path.of("/sys"));
  }

  /** Like {@link #deviceTreeOnly(Path)} with the given (real, read-only to us) sysfs. */
  public static FakeLpar deviceTreeOnly(Path dir, Path sysfs) {
    return new FakeLpar(dir, sysfs, false);
  }

  // ---------------------------------------------------------------- where things are

  public Roots roots() {
    return Roots.of(root, deviceTree, sysfs);
  }

  public Path root() {
    return root;
  }

  public Path deviceTree() {
    return deviceTree;
  }

  public Path sysfs() {
    return sysfs;
  }

  /** The directory of a device-tree node, e.g. {@code node("/vdevice/vnic@30000003")}. */
  public Path node(String ofPath) {
    String rel = ofPath.replaceAll("^/+", "");
    return rel.isEmpty() ? deviceTree : deviceTree.resolve(rel);
  }

  /** Discovers with the production code. */
  public Discovery discover() {
    return new Discoverer(roots()).discover();
  }

  /** The production kernel view over this sysfs. */
  public SysfsKernel kernel() {
    return new SysfsKernel(sysfs);
  }

  /**
   * The usual HNV in one call: a PowerVM LPAR with VF {@code /pci@800000020000021/ethernet@0}
   * (DRC 20000011, primary, Mellanox, MAC fa:ce:20:00:00:11, interface enP32775p1s0) and vNIC
   * {@code /vdevice/vnic@30000003} (DRC 30000003, backup, MAC fa:ce:30:00:00:03, interface env3),
   * both with HCN id 0x1a2b (bond00001a2b). No bond exists yet.
   */
  public FakeLpar exampleHnv() {
    powervm();
    sriov("20000011", 0x1a2b, "primary").ofNode("/pci@800000020000021/ethernet@0").iface("enP32775p1s0");
    vnic("30000003", 0x1a2b, "backup").iface("env3");
    return this;
  }

  /** Every file and link under the root, one per line with content for small files (debugging). */
  public String tree() {
    StringBuilder sb = new StringBuilder();
    try (var walk = java.nio.file.Files.walk(root)) {
      for (Path p : walk.sorted().toList()) {
        String rel = root.relativize(p).toString();
        if (java.nio.file.Files.isSymbolicLink(p)) {
          sb.append(rel).append(" -> ").append(java.nio.file.Files.readSymbolicLink(p)).append('\n');
        } else if (java.nio.file.Files.isRegularFile(p)) {
          byte[] b = java.nio.file.Files.readAllBytes(p);
          sb.append(rel).append(" = ").append(b.length <= 64 ? printable(b) : b.length + " bytes").append('\n');
        } else if (!rel.isEmpty()) {
          sb.append(rel).append("/\n");
        }
      }
    } catch (java.io.IOException e) {
      sb.append("(walk failed: ").append(e.getMessage()).append(")\n");
    }
    return sb.toString();
  }

  private static String printable(byte[] b) {
    StringBuilder sb = new StringBuilder("\"");
    for (byte x : b) {
      int c = x & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
        sb.append((char) c);
      } else {
        sb.append(String.format(Locale.ROOT, "\\x%02x", c));
      }
    }
    return sb.append('"').toString();
  }

  // ---------------------------------------------------------------- platform

  /** A PowerVM LPAR: cpuinfo {@code platform : pSeries}, machine CHRP IBM,9080-HEX; device_type chrp. */
  public FakeLpar powervm() {
    Fs.write(deviceTree.resolve("device_type"), cstring("chrp"));
    return cpuinfo(cpuinfoText("pSeries", "CHRP IBM,9080-HEX"));
  }

  /** A KVM pseries guest: pSeries, but the machine line says emulated by qemu. */
  public FakeLpar kvmGuest() {
    Fs.write(deviceTree.resolve("device_type"), cstring("chrp"));
    return cpuinfo(cpuinfoText("pSeries", "CHRP IBM pSeries (emulated by qemu)"));
  }

  /** Bare metal (OPAL): {@code platform : PowerNV}. */
  public FakeLpar powerNv() {
    return cpuinfo(cpuinfoText("PowerNV", "PowerNV 9006-22P"));
  }

  /** Raw {@code /proc/cpuinfo}. */
  public FakeLpar cpuinfo(String text) {
    Fs.write(root.resolve("proc/cpuinfo"), text);
    return this;
  }

  /** {@code ibm,migratable-partition} at the tree root. */
  public FakeLpar migratable() {
    Fs.write(deviceTree.resolve("ibm,migratable-partition"), new byte[0]);
    return this;
  }

  /** A vPMEM volume: {@code /ibm,persistent-memory/ibm,pmemory@44104001}, compatible ibm,pmemory. */
  public FakeLpar vpmem() {
    Path pmem = node("/ibm,persistent-memory/ibm,pmemory@44104001");
    Fs.mkdirs(pmem);
    Fs.write(pmem.resolve("compatible"), cstring("ibm,pmemory"));
    Fs.write(pmem.resolve("device_type"), cstring("ibm,pmemory"));
    Fs.write(pmem.resolve("ibm,my-drc-index"), u32(0x44104001));
    return this;
  }

  /** {@code /etc/os-release} with ID, VERSION_ID, ID_LIKE (rhel, sles, ubuntu known) and PRETTY_NAME. */
  public FakeLpar osRelease(String id, String versionId) {
    String like = switch (id) {
      case "rhel", "centos", "almalinux", "rocky" -> "fedora";
      case "sles", "sled", "opensuse-leap" -> "suse";
      case "ubuntu" -> "debian";
      default -> "";
    };
    return osReleaseText("NAME=\"" + id + "\"\nID=\"" + id + "\"\nVERSION_ID=\"" + versionId + "\"\n"
        + (like.isEmpty() ? "" : "ID_LIKE=\"" + like + "\"\n")
        + "PRETTY_NAME=\"" + id + " " + versionId + "\"\n");
  }

  /** Raw {@code /etc/os-release}. */
  public FakeLpar osReleaseText(String text) {
    Fs.write(root.resolve("etc/os-release"), text);
    return this;
  }

  // ---------------------------------------------------------------- device tree

  /** A migratable SR-IOV VF under PHB {@code /pci@8000000<drc>/ethernet@0}, drc on the PHB. */
  public FakeDevice sriov(String drcHex, int hcnId, String mode) {
    return addDevice(new FakeDevice(this, PortKind.SRIOV, drcHex, hcnId, mode));
  }

  /** An ibmvnic backup {@code /vdevice/vnic@<drc>}. */
  public FakeDevice vnic(String drcHex, int hcnId, String mode) {
    return addDevice(new FakeDevice(this, PortKind.VNIC, drcHex, hcnId, mode));
  }

  /** An ibmveth backup {@code /vdevice/l-lan@<drc>}. */
  public FakeDevice veth(String drcHex, int hcnId, String mode) {
    return addDevice(new FakeDevice(this, PortKind.VETH, drcHex, hcnId, mode));
  }

  /** The device at that path, if this fixture made it. */
  public Optional<FakeDevice> device(String ofPath) {
    return devices.stream().filter(d -> d.ofPath().equals(ofPath)).findFirst();
  }

  public List<FakeDevice> devices() {
    return List.copyOf(devices);
  }

  /** Raw bytes for a property of any node (the node is created). Not kept across device rewrites. */
  public FakeLpar rawProperty(String nodePath, String name, byte[] bytes) {
    Fs.write(node(nodePath).resolve(name), bytes);
    return this;
  }

  public FakeLpar removeProperty(String nodePath, String name) {
    Fs.delete(node(nodePath).resolve(name));
    return this;
  }

  /** A bare node (directory) with no properties. */
  public FakeLpar emptyNode(String nodePath) {
    Fs.mkdirs(node(nodePath));
    return this;
  }

  /** Deletes a node and everything below it. */
  public FakeLpar removeNode(String nodePath) {
    Fs.delete(node(nodePath));
    return this;
  }

  // ---------------------------------------------------------------- sysfs

  /** The interface with that name, created (virtual, MAC 02:00:00:00:00:NN, carrier up) if absent. */
  public FakeIface iface(String name) {
    FakeIface existing = ifaces.get(name);
    return existing != null ? existing : newIface(name, null);
  }

  /** A bond in active-backup mode with these slaves (created if absent); first slave active. */
  public FakeBond bond(String name, String... slaves) {
    FakeBond old = bonds.get(name);
    if (old != null) {
      return old.slaves(slaves);
    }
    FakeIface bondIface = iface(name);
    FakeBond bond = new FakeBond(this, bondIface);
    bonds.put(name, bond);
    bond.slaves(slaves);
    bondIface.sync();
    return bond;
  }

  public Optional<FakeBond> bondIfPresent(String name) {
    return Optional.ofNullable(bonds.get(name));
  }

  /** A Linux bridge with these ports; its address is the first port's MAC. */
  public FakeIface bridge(String name, String... ports) {
    FakeIface br = iface(name);
    for (String p : ports) {
      iface(p).enslave(name, false);
    }
    if (ports.length > 0) {
      br.mac(iface(ports[0]).mac());
    }
    br.lowers(List.of(ports), true);
    return br;
  }

  // ---------------------------------------------------------------- encodings

  /** 4 bytes big-endian. */
  public static byte[] u32(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  /** UTF-8 with one terminating NUL. */
  public static byte[] cstring(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[b.length + 1];
    System.arraycopy(b, 0, out, 0, b.length);
    return out;
  }

  /** {@code aa:bb:cc:dd:ee:ff} as 6 bytes. */
  public static byte[] macBytes(String mac) {
    String[] parts = mac.split(":");
    if (parts.length != 6) {
      throw new IllegalArgumentException("not a MAC: " + mac);
    }
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) {
      out[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return out;
  }

  // ---------------------------------------------------------------- package-private plumbing

  FakeIface newIface(String name, String mac) {
    requireFakeSysfs();
    if (ifaces.containsKey(name)) {
      throw new IllegalStateException("interface " + name + " exists already");
    }
    String m = mac != null ? mac : String.format(Locale.ROOT, "02:00:00:00:%02x:%02x", nextMac >> 8 & 0xff, nextMac & 0xff);
    nextMac++;
    FakeIface iface = new FakeIface(this, name, m);
    ifaces.put(name, iface);
    return iface.sync();
  }

  FakeIface ifaceIfPresent(String name) {
    return ifaces.get(name);
  }

  void forgetIface(FakeIface iface) {
    ifaces.remove(iface.name());
  }

  void forgetBond(FakeBond bond) {
    bonds.remove(bond.name());
  }

  void forgetDevice(FakeDevice device) {
    devices.remove(device);
  }

  void renameIface(FakeIface iface, String newName) {
    if (ifaces.containsKey(newName)) {
      throw new IllegalStateException("interface " + newName + " exists already");
    }
    ifaces.remove(iface.name());
    iface.setName(newName);
    ifaces.put(newName, iface);
  }

  void afterIfaceSync(FakeIface iface) {
    FakeBond bond = bonds.get(iface.name());
    if (bond != null) {
      bond.writeBonding(iface.dir());
    }
  }

  void requireFakeSysfs() {
    if (!fakeSysfs) {
      throw new IllegalStateException("deviceTreeOnly: sysfs " + sysfs + " is real, not faked");
    }
  }

  private FakeDevice addDevice(FakeDevice d) {
    Objects.requireNonNull(d);
    if (device(d.ofPath()).isPresent()) {
      throw new IllegalStateException(d.ofPath() + " exists already; use ofNode(...) to place it");
    }
    devices.add(d);
    return d.sync();
  }

  private static String cpuinfoText(String platform, String machine) {
    StringBuilder sb = new StringBuilder();
    for (int cpu = 0; cpu < 2; cpu++) {
      sb.append("processor\t: ").append(cpu).append('\n')
          .append("cpu\t\t: POWER10 (architected), altivec supported\n")
          .append("clock\t\t: 2750.000000MHz\n")
          .append("revision\t: 2.0 (pvr 0080 0200)\n\n");
    }
    sb.append("timebase\t: 512000000\n")
        .append("platform\t: ").append(platform).append('\n')
        .append("model\t\t: IBM,9080-HEX\n")
        .append("machine\t\t: ").append(machine).append('\n')
        .append("MMU\t\t: Radix\n");
    return sb.toString();
  }
}
