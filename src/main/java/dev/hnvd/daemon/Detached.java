package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices and HNVs the HMC detached with hcnrmdev / hcnrmhcn while the device tree still lists
 * them. The HMC removes the device (DLPAR) only some seconds after the command; an event-driven
 * replan in between must not put the port or bond back (it would undo the command, and a VF whose
 * name is still the kernel's primary would even become the active port again just before it is
 * pulled). An entry ends when its device or HNV leaves the device tree, or with hcncfgdrc for it.
 * In memory only: a restarted daemon reconciles everything the device tree shows. Loop-confined.
 */
final class Detached {
  private static final Logger log = LoggerFactory.getLogger(Detached.class);
  private final Set<DrcIndex> devices = new LinkedHashSet<>();
  private final Set<HcnId> hnvs = new LinkedHashSet<>();

  Set<DrcIndex> devices() {
    return Set.copyOf(devices);
  }

  Set<HcnId> hnvs() {
    return Set.copyOf(hnvs);
  }

  boolean isEmpty() {
    return devices.isEmpty() && hnvs.isEmpty();
  }

  /** Records what a DynamicRM command that ran successfully (exit 0) in the daemon detached or re-attached. */
  void after(Wire.Request req, Wire.Reply reply, java.util.function.Supplier<Discovery> discovery) {
    if (!reply.ran() || reply.exit() != 0) {
      return;
    }
    switch (req.argv0()) {
      case "hcnrmdev" -> value(req, "DRC_INDEX").map(Detached::drcOrNull).ifPresent(d -> {
        if (devices.add(d)) {
          log.info("device {} detached by hcnrmdev: replans leave it out until it leaves the device tree", d);
        }
      });
      case "hcnrmhcn" -> value(req, "HCN_ID").map(Detached::hcnOrNull).ifPresent(h -> {
        if (hnvs.add(h)) {
          log.info("HNV {} detached by hcnrmhcn: replans leave it out until it leaves the device tree", h);
        }
      });
      case "hcncfgdrc" -> value(req, "DRC_INDEX").map(Detached::drcOrNull).ifPresent(d -> {
        boolean changed = devices.remove(d);
        if (!hnvs.isEmpty()) {
          for (Hnv h : discovery.get().hnvs()) {
            if (h.ports().stream().anyMatch(p -> d.equals(p.drcIndex()))) {
              changed |= hnvs.remove(h.id());
            }
          }
        }
        if (changed) {
          log.info("device {} configured again by hcncfgdrc", d);
        }
      });
      default -> { }
    }
  }

  /** Forgets entries the device tree no longer lists (the DLPAR remove happened). */
  void retainListed(Discovery d) {
    if (isEmpty()) {
      return;
    }
    Set<DrcIndex> listed = d.hnvs().stream().flatMap(h -> h.ports().stream())
        .map(p -> p.drcIndex()).filter(x -> x != null).collect(Collectors.toSet());
    Set<HcnId> ids = d.hnvs().stream().map(Hnv::id).collect(Collectors.toSet());
    devices.removeIf(x -> !listed.contains(x));
    hnvs.removeIf(x -> !ids.contains(x));
  }

  private static java.util.Optional<String> value(Wire.Request req, String key) {
    return req.args().stream().filter(a -> a.startsWith(key + "=")).map(a -> a.substring(key.length() + 1))
        .findFirst();
  }

  /** Lenient parsing: a bad value was already answered with an error by the command itself. */
  private static DrcIndex drcOrNull(String s) {
    try {
      return DrcIndex.parse(s);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static HcnId hcnOrNull(String s) {
    try {
      return HcnId.parse(s);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
