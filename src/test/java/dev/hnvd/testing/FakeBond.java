package dev.hnvd.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake kernel bond: a virtual interface with a {@code bonding/} directory whose files read the
 * way the kernel writes them, and slaves that point back with {@code master}.
 *
 * <pre>
 * sys/devices/virtual/net/&lt;bond&gt;/bonding/
 *   mode            "active-backup 1\n"
 *   slaves          "enP32775p1s0 env3\n"      (ONE line, space separated)
 *   active_slave    "enP32775p1s0\n"           (first slave unless set)
 *   primary         "\n"                       (empty unless set)
 *   fail_over_mac   "follow 2\n"
 *   miimon          "100\n"
 * slaves: master -&gt; bond, bonding_slave/perm_hwaddr = own MAC; with fail_over_mac "none 0" every
 * slave's address becomes the bond's, which is what the perm_hwaddr fallback is for.
 * </pre>
 */
public final class FakeBond {
  private final FakeLpar lpar;
  private final FakeIface iface;
  private final List<String> slaves = new ArrayList<>();
  private final Map<String, String> attrs = new LinkedHashMap<>();

  FakeBond(FakeLpar lpar, FakeIface iface) {
    this.lpar = lpar;
    this.iface = iface;
    attrs.put("mode", "active-backup 1");
    attrs.put("active_slave", "");
    attrs.put("primary", "");
    attrs.put("fail_over_mac", "follow 2");
    attrs.put("miimon", "100");
  }

  public String name() {
    return iface.name();
  }

  /** The bond's own interface (address, carrier, …). */
  public FakeIface iface() {
    return iface;
  }

  /** Replaces the slave list; slaves that do not exist yet are created as plain interfaces. */
  public FakeBond slaves(String... names) {
    for (String old : slaves) {
      FakeIface s = lpar.ifaceIfPresent(old);
      if (s != null && name().equals(s.master())) {
        s.release();
      }
    }
    slaves.clear();
    slaves.addAll(List.of(names));
    for (String n : slaves) {
      lpar.iface(n).enslave(name(), true);
    }
    // Like the kernel: the active slave stays if still enslaved, else the first slave takes over.
    if (!slaves.contains(attrs.getOrDefault("active_slave", ""))) {
      attrs.put("active_slave", slaves.isEmpty() ? "" : slaves.get(0));
    }
    return resync();
  }

  public FakeBond active(String slave) {
    attrs.put("active_slave", slave == null ? "" : slave);
    return resync();
  }

  public FakeBond primary(String slave) {
    attrs.put("primary", slave == null ? "" : slave);
    return resync();
  }

  /** Raw {@code bonding/mode}, e.g. "active-backup 1" or "balance-rr 0". */
  public FakeBond mode(String raw) {
    attrs.put("mode", raw);
    return resync();
  }

  /** Raw {@code bonding/fail_over_mac}, e.g. "follow 2", "none 0", "active 1". */
  public FakeBond failOverMac(String raw) {
    attrs.put("fail_over_mac", raw);
    return resync();
  }

  /** Raw {@code bonding/miimon}. */
  public FakeBond miimon(String raw) {
    attrs.put("miimon", raw);
    return resync();
  }

  /** Any raw {@code bonding/<file>} content (null removes the file), for garbage tests. */
  public FakeBond attribute(String file, String raw) {
    if (raw == null) {
      attrs.remove(file);
    } else {
      attrs.put(file, raw);
    }
    return resync();
  }

  /** Deletes the bond; its slaves are released. */
  public void remove() {
    for (String n : slaves) {
      FakeIface s = lpar.ifaceIfPresent(n);
      if (s != null && name().equals(s.master())) {
        s.release();
      }
    }
    lpar.forgetBond(this);
    iface.remove();
  }

  private FakeBond resync() {
    // The bond's MAC: the active slave's with follow; every slave takes it with "none".
    String activeSlave = attrs.getOrDefault("active_slave", "");
    String source = activeSlave.isEmpty() ? (slaves.isEmpty() ? null : slaves.get(0)) : activeSlave;
    FakeIface src = source == null ? null : lpar.ifaceIfPresent(source);
    if (src != null) {
      iface.mac(src.mac());
    }
    boolean none = attrs.getOrDefault("fail_over_mac", "").startsWith("none");
    for (String n : slaves) {
      FakeIface s = lpar.ifaceIfPresent(n);
      if (s != null) {
        s.address(none && src != null ? src.mac() : null);
      }
    }
    iface.lowers(slaves, false);
    return this;
  }

  /** Writes {@code bonding/*}; called after every rewrite of the bond's interface directory. */
  void writeBonding(Path dir) {
    Path b = dir.resolve("bonding");
    Fs.mkdirs(b);
    Fs.write(b.resolve("slaves"), String.join(" ", slaves) + "\n");
    attrs.forEach((file, value) -> Fs.write(b.resolve(file), value + "\n"));
  }
}
