package dev.hnvd.daemon;

import dev.hnvd.model.Discovery;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The journal's "discovered" lines: one line per HNV when it first appears in the device tree or
 * its devices change, one when it leaves; nothing while the tree stays the same (a replan runs on
 * every event). Used on the loop only.
 */
final class DiscoveryLog {
  private Map<HcnId, String> last = Map.of();

  /** The lines to log for this discovery (empty when nothing changed since the previous one). */
  List<String> lines(Discovery d) {
    Map<HcnId, String> now = new LinkedHashMap<>();
    for (Hnv h : d.hnvs()) {
      now.put(h.id(), h.ports().stream().map(DiscoveryLog::describe).collect(Collectors.joining(", ")));
    }
    List<String> out = new ArrayList<>();
    now.forEach((id, ports) -> {
      if (!ports.equals(last.get(id))) {
        out.add("discovered HNV " + id.hex() + " (" + bondOf(d, id) + "): " + ports);
      }
    });
    last.keySet().stream().filter(id -> !now.containsKey(id))
        .forEach(id -> out.add("HNV " + id.hex() + " is no longer in the device tree"));
    last = now;
    return out;
  }

  private static String bondOf(Discovery d, HcnId id) {
    return d.hnvs().stream().filter(h -> h.id().equals(id)).findFirst().map(Hnv::bondName).orElse("?");
  }

  private static String describe(Port p) {
    return p.ifname().orElse("(no interface yet)") + " " + p.kind().label() + " " + p.role().label()
        + (p.drcIndex() == null ? "" : " DRC " + p.drcIndex().hex());
  }
}
