package dev.hnvd.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One fake network interface in {@code <sysfs>/class/net}. Every setter rewrites the interface on
 * disk at once, so a test can change it between two reads (a link going down, a rename).
 *
 * <pre>
 * sys/class/net/&lt;name&gt; -&gt; ../../devices/&lt;bus path&gt;/net/&lt;name&gt;
 * sys/devices/&lt;bus path&gt;/net/&lt;name&gt;/
 *   address            "fa:ce:20:00:00:11\n"  (the bond's MAC when a bond set it)
 *   carrier            "1\n" / "0\n" / absent (unreadable, like EINVAL on a down link)
 *   operstate          "up\n"
 *   device -&gt; ../..    only for device-backed interfaces: devspec, vendor live there
 *   master -&gt; ../../../virtual/net/&lt;bond&gt;        when enslaved
 *   bonding_slave/perm_hwaddr                      when enslaved to a bond
 *   upper_&lt;bond&gt;, lower_&lt;slave&gt;, brport/, bridge/, bonding/   as the relations say
 * </pre>
 */
public final class FakeIface {
  private final FakeLpar lpar;
  private String name;
  private String mac;
  private String addressOverride;
  private Boolean carrier = Boolean.TRUE;
  private String operstate = "up";
  /** Device directory relative to sysfs (e.g. devices/vio/30000003), null for a virtual link. */
  private String deviceDir;
  private byte[] devspec;
  private Integer vendor;
  private String master;
  private boolean masterIsBond;
  private boolean bridge;
  private final TreeSet<String> lowers = new TreeSet<>();
  private final Map<String, byte[]> extraFiles = new LinkedHashMap<>();
  private Path written;

  FakeIface(FakeLpar lpar, String name, String mac) {
    this.lpar = lpar;
    this.name = name;
    this.mac = mac;
  }

  public String name() {
    return name;
  }

  /** The interface's own (permanent) MAC. */
  public String mac() {
    return mac;
  }

  /** The directory {@code class/net/<name>} resolves to. */
  public Path dir() {
    return lpar.sysfs().resolve(netDirRel());
  }

  /** Sets the permanent MAC (and the address, unless a bond overrides it). */
  public FakeIface mac(String value) {
    mac = Objects.requireNonNull(value).toLowerCase(java.util.Locale.ROOT);
    return sync();
  }

  /** Overrides {@code address} only, e.g. the bond's MAC on an enslaved link; null restores it. */
  public FakeIface address(String value) {
    addressOverride = value;
    return sync();
  }

  public FakeIface carrier(boolean up) {
    carrier = up;
    operstate = up ? "up" : "down";
    return sync();
  }

  /** No {@code carrier} file: reading it fails, as EINVAL does for an administratively down link. */
  public FakeIface carrierUnreadable() {
    carrier = null;
    operstate = "down";
    return sync();
  }

  public FakeIface operstate(String value) {
    operstate = value;
    return sync();
  }

  /** Raw bytes of {@code device/devspec} (creates a device directory if the link had none). */
  public FakeIface devspec(byte[] raw) {
    if (deviceDir == null) {
      deviceDir = "devices/platform/fake-" + name;
    }
    devspec = raw;
    return sync();
  }

  /** {@code device/devspec} text exactly as given (add the newline yourself). */
  public FakeIface devspec(String raw) {
    return devspec(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Removes {@code device/devspec} (the device link stays). */
  public FakeIface noDevspec() {
    devspec = null;
    return sync();
  }

  /** {@code device/vendor} as {@code 0x15b3}. */
  public FakeIface vendor(int value) {
    if (deviceDir == null) {
      deviceDir = "devices/platform/fake-" + name;
    }
    vendor = value;
    return sync();
  }

  /** Any extra file under the interface directory, e.g. {@code "bonding_slave/mii_status"}. */
  public FakeIface file(String relative, String content) {
    extraFiles.put(relative, content.getBytes(StandardCharsets.UTF_8));
    return sync();
  }

  /** Renames the interface (what udev does after the kernel named it eth0). */
  public FakeIface rename(String newName) {
    lpar.renameIface(this, newName);
    return this;
  }

  /** Removes the interface from sysfs (hot-unplug). */
  public void remove() {
    unwrite();
    lpar.forgetIface(this);
  }

  // ---- used by FakeLpar / FakeDevice / FakeBond ----

  void setName(String newName) {
    unwrite();
    name = newName;
    sync();
  }

  void backedBy(String deviceDirRel, byte[] devspecBytes, Integer vendorId) {
    deviceDir = deviceDirRel;
    devspec = devspecBytes;
    vendor = vendorId;
    sync();
  }

  void enslave(String masterName, boolean toBond) {
    master = masterName;
    masterIsBond = toBond;
    sync();
  }

  void release() {
    master = null;
    masterIsBond = false;
    addressOverride = null;
    sync();
  }

  void lowers(Iterable<String> names, boolean isBridge) {
    lowers.clear();
    names.forEach(lowers::add);
    bridge = isBridge;
    sync();
  }

  String master() {
    return master;
  }

  String address() {
    return addressOverride != null ? addressOverride : mac;
  }

  private String netDirRel() {
    return (deviceDir == null ? "devices/virtual" : deviceDir) + "/net/" + name;
  }

  private void unwrite() {
    Fs.delete(lpar.sysfs().resolve("class/net").resolve(name));
    if (written != null) {
      Fs.delete(written);
      written = null;
    }
  }

  FakeIface sync() {
    lpar.requireFakeSysfs();
    unwrite();
    Path sys = lpar.sysfs();
    Path dir = sys.resolve(netDirRel());
    Fs.mkdirs(dir);
    written = dir;
    Fs.symlink(sys.resolve("class/net").resolve(name), dir);
    Fs.write(dir.resolve("address"), address() + "\n");
    if (carrier != null) {
      Fs.write(dir.resolve("carrier"), (carrier ? "1" : "0") + "\n");
    }
    Fs.write(dir.resolve("operstate"), operstate + "\n");
    if (deviceDir != null) {
      Path dev = sys.resolve(deviceDir);
      Fs.symlink(dir.resolve("device"), dev);
      // The device dir is shared by nobody else here, so its attributes are ours to rewrite.
      Fs.delete(dev.resolve("devspec"));
      Fs.delete(dev.resolve("vendor"));
      if (devspec != null) {
        Fs.write(dev.resolve("devspec"), devspec);
      }
      if (vendor != null) {
        Fs.write(dev.resolve("vendor"), String.format("0x%04x%n", vendor));
      }
    }
    if (master != null) {
      Fs.symlink(dir.resolve("master"), sys.resolve("devices/virtual/net").resolve(master));
      Fs.symlink(dir.resolve("upper_" + master), sys.resolve("devices/virtual/net").resolve(master));
      if (masterIsBond) {
        Fs.write(dir.resolve("bonding_slave/perm_hwaddr"), mac + "\n");
        Fs.write(dir.resolve("bonding_slave/mii_status"), (Boolean.TRUE.equals(carrier) ? "up" : "down") + "\n");
      } else {
        Fs.mkdirs(dir.resolve("brport"));
      }
    }
    for (String lower : lowers) {
      FakeIface l = lpar.ifaceIfPresent(lower);
      Path target = l != null ? l.dir() : sys.resolve("devices/virtual/net").resolve(lower);
      Fs.symlink(dir.resolve("lower_" + lower), target);
    }
    if (bridge) {
      Fs.mkdirs(dir.resolve("bridge"));
      Fs.mkdirs(dir.resolve("brif"));
    }
    extraFiles.forEach((rel, content) -> Fs.write(dir.resolve(rel), content));
    lpar.afterIfaceSync(this);
    return this;
  }
}
