package dev.hnvd.backend.nm;

import dev.hnvd.backend.nm.NmStep.Write;
import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import dev.hnvd.plan.Action;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.types.Variant;

/**
 * Validation before any change: translates a plan into {@link NmStep}s against a working copy of
 * all profiles, so later actions see earlier ones. Throws (changing nothing) when an action would
 * touch a profile that does not carry our mark, or refers to a profile that does not exist.
 */
final class NmSteps {
  private final NmVersion version;
  /** Working copy: UUID -> settings, updated as steps are planned. */
  private final Map<String, Map<String, Map<String, Variant<?>>>> view = new LinkedHashMap<>();
  private final List<NmStep> steps = new ArrayList<>();

  private NmSteps(NmVersion version, List<Map<String, Map<String, Variant<?>>>> profiles) {
    this.version = version;
    for (var s : profiles) {
      view.put(NmSettingsMap.string(s, "connection", "uuid"), s);
    }
  }

  static List<NmStep> translate(NmVersion version, List<Map<String, Map<String, Variant<?>>>> profiles,
      List<Action> actions) {
    NmSteps t = new NmSteps(version, profiles);
    for (Action a : actions) {
      t.steps.add(t.step(a));
    }
    return List.copyOf(t.steps);
  }

  private NmStep step(Action a) {
    if (a instanceof Action.Adopt ad) {
      var s = existing(ad.key(), a);
      if (NmSettingsMap.owned(s)) {
        return new NmStep(a, Write.NONE, ad.key(), ad.name(), Map.of(), 0);
      }
      return record(new NmStep(a, Write.UPDATE, ad.key(), ad.name(), NmSettingsMap.withMark(s),
          version.update2Flags()));
    }
    if (a instanceof Action.CreateBond cb) {
      Optional<Map<String, Map<String, Variant<?>>>> ip = cb.ipFrom().map(k -> existing(k, a));
      return upsert(a, cb.bond(), NmSettingsMap.bond(cb.bond(), cb.primary(), ip, version));
    }
    if (a instanceof Action.AddPort ap) {
      ownedByName(ap.bond(), a).orElseThrow(() -> new HnvException(Kind.INVALID,
          "cannot " + a.describe() + ": no bond profile " + ap.bond()));
      return upsert(a, NmSettingsMap.portName(ap.bond(), ap.ifname()),
          NmSettingsMap.port(ap.bond(), ap.ifname()));
    }
    if (a instanceof Action.ActivateBond ab) {
      requireOwned(ab.key(), existing(ab.key(), a), a);
      return new NmStep(a, Write.NONE, ab.key(), ab.bond(), Map.of(), 0);
    }
    if (a instanceof Action.ActivatePort ap) {
      requireOwned(ap.key(), existing(ap.key(), a), a);
      return new NmStep(a, Write.NONE, ap.key(), NmSettingsMap.portName(ap.bond(), ap.ifname()), Map.of(), 0);
    }
    if (a instanceof Action.SetPrimary sp) {
      return setPrimary(sp);
    }
    if (a instanceof Action.SelectActive) {
      return NmStep.runtimeOnly(a);
    }
    if (a instanceof Action.RemovePort rp) {
      return remove(a, rp.key(), NmSettingsMap.portName(rp.bond(), rp.ifname()));
    }
    if (a instanceof Action.RemoveBond rb) {
      return remove(a, rb.key(), rb.bond());
    }
    throw new AssertionError("unknown action " + a);
  }

  /** Add the profile, or update our existing one only where it differs (idempotent re-apply). */
  private NmStep upsert(Action a, String name, Map<String, Map<String, Variant<?>>> desired) {
    String uuid = NmSettingsMap.string(desired, "connection", "uuid");
    for (var e : view.entrySet()) {
      String id = NmSettingsMap.string(e.getValue(), "connection", "id");
      if ((id.equals(name) || e.getKey().equals(uuid)) && !NmSettingsMap.owned(e.getValue())) {
        throw notOurs(e.getKey(), id, a);
      }
    }
    Optional<String> mine = ownedByName(name, a);
    if (mine.isEmpty()) {
      return record(new NmStep(a, Write.ADD, uuid, name, desired,
          NmFlags.TO_DISK | NmFlags.BLOCK_AUTOCONNECT));
    }
    var have = view.get(mine.get());
    // An adopted profile keeps its own UUID.
    var want = NmSettingsMap.copy(desired);
    want.get("connection").put("uuid", new Variant<>(mine.get()));
    if (NmSettingsMap.covers(have, want)) {
      return new NmStep(a, Write.NONE, mine.get(), name, Map.of(), 0);
    }
    return record(new NmStep(a, Write.UPDATE, mine.get(), name, NmSettingsMap.overlay(have, want),
        version.update2Flags()));
  }

  private NmStep setPrimary(Action.SetPrimary sp) {
    String uuid = ownedByName(sp.bond(), sp).orElseThrow(() -> new HnvException(Kind.INVALID,
        "cannot " + sp.describe() + ": no bond profile " + sp.bond()));
    var have = view.get(uuid);
    String now = NmSettingsMap.stringMap(NmSettingsMap.get(have, "bond", "options")).get("primary");
    if (sp.ifname().equals(now)) {
      return new NmStep(sp, Write.NONE, uuid, sp.bond(), Map.of(), 0);
    }
    var changed = NmSettingsMap.withBondOption(have, "primary", sp.ifname());
    // Never add-then-modify: fold into this plan's own add of the bond if there is one.
    for (int i = 0; i < steps.size(); i++) {
      NmStep earlier = steps.get(i);
      if (earlier.uuid().equals(uuid) && earlier.write() == Write.ADD) {
        steps.set(i, earlier.withSettings(changed));
        view.put(uuid, changed);
        return new NmStep(sp, Write.NONE, uuid, sp.bond(), Map.of(), 0);
      }
    }
    return record(new NmStep(sp, Write.UPDATE, uuid, sp.bond(), changed, version.update2Flags()));
  }

  private NmStep remove(Action a, String key, String name) {
    var s = view.get(key);
    if (s == null) {
      return new NmStep(a, Write.NONE, key, name, Map.of(), 0);
    }
    requireOwned(key, s, a);
    return record(new NmStep(a, Write.DELETE, key, NmSettingsMap.string(s, "connection", "id"), Map.of(), 0));
  }

  private NmStep record(NmStep st) {
    if (st.write() == Write.DELETE) {
      view.remove(st.uuid());
    } else {
      view.put(st.uuid(), st.settings());
    }
    return st;
  }

  private Optional<String> ownedByName(String name, Action a) {
    return view.entrySet().stream()
        .filter(e -> NmSettingsMap.owned(e.getValue()))
        .filter(e -> NmSettingsMap.string(e.getValue(), "connection", "id").equals(name))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private Map<String, Map<String, Variant<?>>> existing(String key, Action a) {
    var s = view.get(key);
    if (s == null) {
      throw new HnvException(Kind.INVALID, "cannot " + a.describe() + ": no profile with UUID " + key);
    }
    return s;
  }

  private static void requireOwned(String key, Map<String, Map<String, Variant<?>>> s, Action a) {
    if (!NmSettingsMap.owned(s)) {
      throw notOurs(key, NmSettingsMap.string(s, "connection", "id"), a);
    }
  }

  private static HnvException notOurs(String uuid, String name, Action a) {
    return new HnvException(Kind.INVALID, "refusing to " + a.describe() + ": profile '" + name + "' ("
        + uuid + ") is not owned by hnvd (no user.data " + NmSettingsMap.MARK_KEY + "); nothing changed");
  }
}
