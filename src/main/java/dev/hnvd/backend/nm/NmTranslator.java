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
final class NmTranslator {
  private final NmVersion version;
  /** Working copy: UUID -> settings, updated as steps are planned. */
  private final Map<String, NmConnectionSettings> view = new LinkedHashMap<>();
  private final List<NmStep> steps = new ArrayList<>();

  private NmTranslator(NmVersion version, List<NmConnectionSettings> profiles) {
    this.version = version;
    for (var s : profiles) {
      view.put(NmProfileBuilder.string(s, "connection", "uuid"), s);
    }
  }

  static List<NmStep> translate(NmVersion version, List<NmConnectionSettings> profiles,
      List<Action> actions) {
    NmTranslator t = new NmTranslator(version, profiles);
    for (Action a : actions) {
      t.steps.add(t.step(a));
    }
    return List.copyOf(t.steps);
  }

  private NmStep step(Action a) {
    return a.accept(new Translate());
  }

  /** Each kind's step; later actions see the working copy as earlier ones left it. */
  private final class Translate implements Action.Visitor<NmStep> {
    @Override
    public NmStep adopt(Action.Adopt a) {
      var s = existing(a.key(), a);
      if (NmProfileBuilder.owned(s)) {
        return new NmStep(a, Write.NONE, a.key(), a.name(), NmConnectionSettings.empty(), 0);
      }
      return record(new NmStep(a, Write.UPDATE, a.key(), a.name(), NmProfileBuilder.withMark(s),
          version.update2Flags()));
    }

    @Override
    public NmStep createBond(Action.CreateBond a) {
      Optional<NmConnectionSettings> ip = a.ipFrom().map(k -> existing(k, a));
      return upsert(a, a.bond(), NmProfileBuilder.bond(a.bond(), a.primary(), ip, version));
    }

    @Override
    public NmStep addPort(Action.AddPort a) {
      ownedByName(a.bond(), a).orElseThrow(() -> new HnvException(Kind.INVALID,
          "cannot " + a.describe() + ": no bond profile " + a.bond()));
      return upsert(a, NmProfileBuilder.portName(a.bond(), a.ifname()),
          NmProfileBuilder.port(a.bond(), a.ifname()));
    }

    @Override
    public NmStep activateBond(Action.ActivateBond a) {
      requireOwned(a.key(), existing(a.key(), a), a);
      return new NmStep(a, Write.NONE, a.key(), a.bond(), NmConnectionSettings.empty(), 0);
    }

    @Override
    public NmStep activatePort(Action.ActivatePort a) {
      requireOwned(a.key(), existing(a.key(), a), a);
      return new NmStep(a, Write.NONE, a.key(), NmProfileBuilder.portName(a.bond(), a.ifname()), NmConnectionSettings.empty(), 0);
    }

    @Override
    public NmStep setPrimary(Action.SetPrimary a) {
      return NmTranslator.this.setPrimary(a);
    }

    @Override
    public NmStep selectActive(Action.SelectActive a) {
      return NmStep.runtimeOnly(a);
    }

    @Override
    public NmStep removePort(Action.RemovePort a) {
      return remove(a, a.key(), NmProfileBuilder.portName(a.bond(), a.ifname()));
    }

    @Override
    public NmStep removeBond(Action.RemoveBond a) {
      return remove(a, a.key(), a.bond());
    }
  }

  /** Add the profile, or update our existing one only where it differs (idempotent re-apply). */
  private NmStep upsert(Action a, String name, NmConnectionSettings desired) {
    String uuid = NmProfileBuilder.string(desired, "connection", "uuid");
    for (var e : view.entrySet()) {
      String id = NmProfileBuilder.string(e.getValue(), "connection", "id");
      if ((id.equals(name) || e.getKey().equals(uuid)) && !NmProfileBuilder.owned(e.getValue())) {
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
    var want = NmProfileBuilder.copy(desired);
    want.get("connection").put("uuid", new Variant<>(mine.get()));
    if (NmSettingsComparison.covers(have, want)) {
      return new NmStep(a, Write.NONE, mine.get(), name, NmConnectionSettings.empty(), 0);
    }
    return record(new NmStep(a, Write.UPDATE, mine.get(), name, NmProfileBuilder.overlay(have, want),
        version.update2Flags()));
  }

  private NmStep setPrimary(Action.SetPrimary sp) {
    String uuid = ownedByName(sp.bond(), sp).orElseThrow(() -> new HnvException(Kind.INVALID,
        "cannot " + sp.describe() + ": no bond profile " + sp.bond()));
    var have = view.get(uuid);
    String now = NmProfileBuilder.stringMap(NmProfileBuilder.get(have, "bond", "options")).get("primary");
    if (sp.ifname().equals(now)) {
      return new NmStep(sp, Write.NONE, uuid, sp.bond(), NmConnectionSettings.empty(), 0);
    }
    var changed = NmProfileBuilder.withBondOption(have, "primary", sp.ifname());
    // Never add-then-modify: fold into this plan's own add of the bond if there is one.
    for (int i = 0; i < steps.size(); i++) {
      NmStep earlier = steps.get(i);
      if (earlier.uuid().equals(uuid) && earlier.write() == Write.ADD) {
        steps.set(i, earlier.withSettings(changed));
        view.put(uuid, changed);
        return new NmStep(sp, Write.NONE, uuid, sp.bond(), NmConnectionSettings.empty(), 0);
      }
    }
    return record(new NmStep(sp, Write.UPDATE, uuid, sp.bond(), changed, version.update2Flags()));
  }

  private NmStep remove(Action a, String key, String name) {
    var s = view.get(key);
    if (s == null) {
      return new NmStep(a, Write.NONE, key, name, NmConnectionSettings.empty(), 0);
    }
    requireOwned(key, s, a);
    return record(new NmStep(a, Write.DELETE, key, NmProfileBuilder.string(s, "connection", "id"), NmConnectionSettings.empty(), 0));
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
        .filter(e -> NmProfileBuilder.owned(e.getValue()))
        .filter(e -> NmProfileBuilder.string(e.getValue(), "connection", "id").equals(name))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private NmConnectionSettings existing(String key, Action a) {
    var s = view.get(key);
    if (s == null) {
      throw new HnvException(Kind.INVALID, "cannot " + a.describe() + ": no profile with UUID " + key);
    }
    return s;
  }

  private static void requireOwned(String key, NmConnectionSettings s, Action a) {
    if (!NmProfileBuilder.owned(s)) {
      throw notOurs(key, NmProfileBuilder.string(s, "connection", "id"), a);
    }
  }

  private static HnvException notOurs(String uuid, String name, Action a) {
    return new HnvException(Kind.INVALID, "refusing to " + a.describe() + ": profile '" + name + "' ("
        + uuid + ") is not owned by hnvd (no user.data " + NmProfileBuilder.MARK_KEY + "); nothing changed");
  }
}
