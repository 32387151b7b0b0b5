package dev.hnvd.testing;

import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.PortKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One fake HNV device node (SR-IOV VF, vNIC or l-lan) plus, optionally, its interface. Every setter
 * rewrites the node at once, so the order of calls does not matter.
 *
 * <pre>
 * proc/device-tree/pci@800000020000011/            SR-IOV: the PHB node
 *   ibm,my-drc-index      4 bytes BE (the DRC index the HMC uses for the VF)
 *   ethernet@0/
 *     ibm,hcn-id          4 bytes BE
 *     ibm,hcn-mode        "primary\0" (absent when mode is null)
 *     ibm,loc-code        "U9080.HEX.134C1E8-V3-C20000011-P1\0"
 *     local-mac-address   6 bytes
 *     vendor-id           4 bytes BE (default 0x15b3, Mellanox)
 *     device-id           4 bytes BE
 * proc/device-tree/vdevice/vnic@30000003/           vNIC (l-lan@… for ibmveth): same properties
 *   ibm,my-drc-index, reg, ibm,hcn-id, ibm,hcn-mode, ibm,loc-code, local-mac-address
 * </pre>
 */
public final class FakeDevice {
  private final FakeLpar lpar;
  private final PortKind kind;
  private final int drc;
  private final int hcnId;
  private String mode;
  private String ofPath;
  private String mac;
  private Integer vendor;
  private String locCode;
  private byte[] drcOverride;
  private boolean drcRemoved;
  private final Map<String, byte[]> overrides = new LinkedHashMap<>();
  private FakeIface iface;
  private boolean removed;

  FakeDevice(FakeLpar lpar, PortKind kind, String drcHex, int hcnId, String mode) {
    this.lpar = lpar;
    this.kind = kind;
    this.drc = DrcIndex.parse(drcHex).value();
    this.hcnId = hcnId;
    this.mode = mode;
    String hex = hex8(drc);
    this.ofPath = switch (kind) {
      case SRIOV -> "/pci@8000000" + hex + "/ethernet@0";
      case VNIC -> "/vdevice/vnic@" + hex;
      case VETH -> "/vdevice/l-lan@" + hex;
    };
    this.mac = String.format(Locale.ROOT, "fa:ce:%02x:%02x:%02x:%02x",
        (drc >>> 24) & 0xff, (drc >>> 16) & 0xff, (drc >>> 8) & 0xff, drc & 0xff);
    this.vendor = kind == PortKind.SRIOV ? 0x15b3 : null;
    this.locCode = "U9080.HEX.134C1E8-V3-C" + hex + (kind == PortKind.SRIOV ? "-P1" : "");
  }

  public PortKind kind() {
    return kind;
  }

  /** Device-tree path without the {@code /proc/device-tree} prefix. */
  public String ofPath() {
    return ofPath;
  }

  /** The node directory on disk. */
  public Path node() {
    return lpar.node(ofPath);
  }

  public DrcIndex drc() {
    return new DrcIndex(drc);
  }

  public HcnId hcnId() {
    return new HcnId(hcnId);
  }

  public String mac() {
    return mac;
  }

  /** The interface name, or null while pending. */
  public String ifname() {
    return iface == null ? null : iface.name();
  }

  /** The interface, or null while pending. */
  public FakeIface link() {
    return iface;
  }

  /** Moves the node, e.g. {@code /pci@800000020000021/ethernet@0}; SR-IOV paths need a parent PHB. */
  public FakeDevice ofNode(String path) {
    unwrite();
    ofPath = path;
    if (iface != null) {
      // devspec follows the node, as the kernel's would.
      iface.backedBy(deviceDirRel(), defaultDevspec(), sysfsVendor());
    }
    return sync();
  }

  /** {@code local-mac-address}; the interface (if any) gets the same MAC. */
  public FakeDevice mac(String value) {
    mac = value.toLowerCase(Locale.ROOT);
    if (iface != null) {
      iface.mac(mac);
    }
    return sync();
  }

  public FakeDevice mode(String value) {
    mode = value;
    return sync();
  }

  /** {@code vendor-id} on the node (SR-IOV); see {@link #noVendor()}. */
  public FakeDevice vendor(int value) {
    vendor = value;
    return sync();
  }

  /** No {@code vendor-id} property: discovery must fall back to sysfs {@code device/vendor}. */
  public FakeDevice noVendor() {
    vendor = null;
    return sync();
  }

  public FakeDevice locCode(String value) {
    locCode = value;
    return sync();
  }

  /** Raw bytes for any property of this node (wins over the defaults); null removes it. */
  public FakeDevice property(String name, byte[] raw) {
    overrides.put(name, raw);
    return sync();
  }

  /** Raw bytes for {@code ibm,my-drc-index} where it lives (the PHB for SR-IOV); null removes it. */
  public FakeDevice drcProperty(byte[] raw) {
    drcOverride = raw;
    drcRemoved = raw == null;
    return sync();
  }

  /**
   * Creates the interface the kernel would: device-backed, {@code device/devspec} naming this node
   * (vio: with a trailing newline; PCI: without, as older kernels print it), same MAC; for SR-IOV
   * also {@code device/vendor}.
   */
  public FakeDevice iface(String name) {
    dropIface();
    iface = lpar.newIface(name, mac);
    iface.backedBy(deviceDirRel(), defaultDevspec(), sysfsVendor());
    return this;
  }

  /** An interface with this node's MAC but no device link (a veth in a rig): found by MAC only. */
  public FakeDevice ifaceByMac(String name) {
    dropIface();
    iface = lpar.newIface(name, mac);
    return this;
  }

  /** No interface (yet): the port is pending. */
  public FakeDevice pending() {
    dropIface();
    return this;
  }

  /** Raw {@code device/devspec} of the interface (e.g. with ":speed=auto" or NULs). */
  public FakeDevice devspec(String raw) {
    requireIface().devspec(raw);
    return this;
  }

  /** {@code device/vendor} of the interface in sysfs. */
  public FakeDevice sysfsVendor(int value) {
    requireIface().vendor(value);
    return this;
  }

  /** Hot-unplug: the node and its interface disappear. */
  public void remove() {
    dropIface();
    unwrite();
    removed = true;
    lpar.forgetDevice(this);
  }

  private FakeIface requireIface() {
    if (iface == null) {
      throw new IllegalStateException(ofPath + " has no interface; call iface(name) first");
    }
    return iface;
  }

  private void dropIface() {
    if (iface != null) {
      iface.remove();
      iface = null;
    }
  }

  /** What sysfs {@code device/vendor} says for a VF: the node's vendor, Mellanox when it has none. */
  private Integer sysfsVendor() {
    return kind == PortKind.SRIOV ? (vendor == null ? 0x15b3 : vendor) : null;
  }

  private String deviceDirRel() {
    return kind == PortKind.SRIOV
        ? "devices/pci" + hex8(drc) + "/" + hex8(drc).substring(4) + ":01:00.0"
        : "devices/vio/" + hex8(drc);
  }

  private byte[] defaultDevspec() {
    String text = kind == PortKind.SRIOV ? ofPath : ofPath + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Path drcNode() {
    Path node = node();
    return kind == PortKind.SRIOV ? node.getParent() : node;
  }

  private void unwrite() {
    Path node = node();
    Fs.delete(node);
    if (kind == PortKind.SRIOV) {
      Fs.deleteIfNoSubdirs(node.getParent());
    }
  }

  FakeDevice sync() {
    if (removed) {
      throw new IllegalStateException(ofPath + " was removed");
    }
    unwrite();
    Path node = node();
    Fs.mkdirs(node);
    Path drcAt = drcNode();
    Fs.delete(drcAt.resolve("ibm,my-drc-index"));
    if (!drcRemoved) {
      Fs.write(drcAt.resolve("ibm,my-drc-index"), drcOverride != null ? drcOverride : FakeLpar.u32(drc));
    }
    String base = node.getFileName().toString();
    Fs.write(node.resolve("name"), FakeLpar.cstring(base.substring(0, base.indexOf('@') < 0 ? base.length() : base.indexOf('@'))));
    if (kind == PortKind.SRIOV) {
      Fs.write(drcAt.resolve("device_type"), FakeLpar.cstring("pciex"));
      Fs.write(node.resolve("device-id"), FakeLpar.u32(0x101e));
      if (vendor != null) {
        Fs.write(node.resolve("vendor-id"), FakeLpar.u32(vendor));
      }
    } else {
      Fs.write(node.resolve("reg"), FakeLpar.u32(drc));
      Fs.write(node.resolve("device_type"), FakeLpar.cstring("network"));
      Fs.write(node.resolve("compatible"),
          FakeLpar.cstring(kind == PortKind.VNIC ? "IBM,vnic" : "IBM,l-lan"));
    }
    Fs.write(node.resolve("ibm,hcn-id"), FakeLpar.u32(hcnId));
    if (mode != null) {
      Fs.write(node.resolve("ibm,hcn-mode"), FakeLpar.cstring(mode));
    }
    if (locCode != null) {
      Fs.write(node.resolve("ibm,loc-code"), FakeLpar.cstring(locCode));
    }
    if (mac != null) {
      Fs.write(node.resolve("local-mac-address"), FakeLpar.macBytes(mac));
    }
    overrides.forEach((name, raw) -> {
      Fs.delete(node.resolve(name));
      if (raw != null) {
        Fs.write(node.resolve(name), raw);
      }
    });
    return this;
  }

  private static String hex8(int v) {
    return String.format(Locale.ROOT, "%08x", Integer.toUnsignedLong(v));
  }
}
