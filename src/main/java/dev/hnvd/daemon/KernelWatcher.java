package dev.hnvd.daemon;

import dev.hnvd.model.BondState;
import dev.hnvd.model.Link;
import dev.hnvd.platform.KernelView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A cheap safety net under the NetworkManager signals: when the kernel says a link changed
 * ({@link LinkEvents}; without them, once a second) it reads the interface names and the bonds
 * from sysfs (a few small files) and asks for a replan only when that snapshot changed. It catches
 * what NM may not signal (a port losing or regaining carrier, the kernel failing over) and works
 * where there is no NM at all (wicked). Called from one timer thread only.
 */
final class KernelWatcher {
  /** What we compare: interface names, and per bond its ports, active port, primary, carriers. */
  record Snapshot(Set<String> interfaces, Map<String, Bond> bonds) {}

  /** One bond as far as replanning cares. */
  record Bond(List<String> slaves, String active, String primary, Map<String, Boolean> carriers) {}

  private final KernelView kernel;
  private final Supplier<Set<String>> interfaceNames;
  private final Consumer<String> onChange;
  private Snapshot last;

  KernelWatcher(KernelView kernel, Supplier<Set<String>> interfaceNames, Consumer<String> onChange) {
    this.kernel = kernel;
    this.interfaceNames = interfaceNames;
    this.onChange = onChange;
  }

  /** Reads the kernel; reports a change against the previous look. The first look is the baseline. */
  boolean check() {
    Snapshot now = snapshot();
    Snapshot before = last;
    last = now;
    if (before == null || before.equals(now)) {
      return false;
    }
    onChange.accept("kernel: " + describe(before, now));
    return true;
  }

  Snapshot snapshot() {
    Map<String, Bond> bonds = new TreeMap<>();
    for (Map.Entry<String, BondState> e : kernel.bonds().entrySet()) {
      BondState b = e.getValue();
      Map<String, Boolean> carriers = new TreeMap<>();
      for (String s : b.slaves()) {
        carriers.put(s, kernel.link(s).map(Link::carrier).orElse(false));
      }
      bonds.put(e.getKey(), new Bond(b.slaves(), b.activeSlave(), b.primary(), carriers));
    }
    return new Snapshot(new TreeSet<>(interfaceNames.get()), bonds);
  }

  /** A short human description of what changed, for the journal. */
  static String describe(Snapshot a, Snapshot b) {
    List<String> parts = new ArrayList<>();
    for (String i : b.interfaces()) {
      if (!a.interfaces().contains(i)) {
        parts.add("interface " + i + " appeared");
      }
    }
    for (String i : a.interfaces()) {
      if (!b.interfaces().contains(i)) {
        parts.add("interface " + i + " disappeared");
      }
    }
    Set<String> names = new TreeSet<>(a.bonds().keySet());
    names.addAll(b.bonds().keySet());
    for (String n : names) {
      Bond x = a.bonds().get(n);
      Bond y = b.bonds().get(n);
      if (x == null || y == null) {
        continue; // the interface line above says it
      }
      if (!x.slaves().equals(y.slaves())) {
        parts.add(n + " ports " + x.slaves() + " -> " + y.slaves());
      }
      if (!x.active().equals(y.active())) {
        parts.add(n + " active " + show(x.active()) + " -> " + show(y.active()));
      }
      if (!x.primary().equals(y.primary())) {
        parts.add(n + " primary " + show(x.primary()) + " -> " + show(y.primary()));
      }
      for (Map.Entry<String, Boolean> c : y.carriers().entrySet()) {
        Boolean old = x.carriers().get(c.getKey());
        if (old != null && !Objects.equals(old, c.getValue())) {
          parts.add(c.getKey() + " carrier " + (c.getValue() ? "up" : "down"));
        }
      }
    }
    return parts.isEmpty() ? "changed" : String.join(", ", parts);
  }

  private static String show(String s) {
    return s.isEmpty() ? "none" : s;
  }
}
