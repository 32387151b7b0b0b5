package dev.hnvd.daemon;

import dev.hnvd.fs.AtomicFile;
import dev.hnvd.json.Json;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.Port;
import dev.hnvd.plan.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <state dir>/state.json}: what we owned per HNV after the last reconcile (profile keys,
 * interface names) and when that was. Written atomically after each apply; read at startup only to
 * log what changed while we were not running. Private: the public contract is D-Bus and
 * {@code hnvctl --json}, which is why the file starts with a "do not parse" line.
 */
final class StateFile {
  private static final Logger log = LoggerFactory.getLogger(StateFile.class);
  static final String HEADER = "# This is private data of hnvd. Do not parse; use hnvctl status --json or D-Bus.";

  /** The saved state. */
  record Saved(Instant lastReconcile, Map<String, HnvRecord> hnvs) {
    Saved {
      hnvs = Map.copyOf(hnvs);
    }
  }

  /** One HNV: its bond, the profiles we own for it (backend keys) and its interface names. */
  record HnvRecord(String bond, List<String> profiles, List<String> interfaces) {
    HnvRecord {
      profiles = List.copyOf(profiles);
      interfaces = List.copyOf(interfaces);
    }
  }

  private final Path dir;

  StateFile(Path dir) {
    this.dir = dir;
  }

  Path path() {
    return dir.resolve("state.json");
  }

  /** The last saved state; empty when there is none or it cannot be read (logged). */
  Optional<Saved> read() {
    Path p = path();
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    try {
      StringBuilder body = new StringBuilder();
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        if (!line.startsWith("#")) {
          body.append(line).append('\n');
        }
      }
      return Optional.of(fromJson(Json.parse(body.toString())));
    } catch (IOException | RuntimeException e) {
      log.warn("cannot read {}, ignoring it: {}", p, e.getMessage());
      return Optional.empty();
    }
  }

  /** Writes atomically (see {@link AtomicFile}), readable by root only. */
  void write(Saved s) throws IOException {
    Files.createDirectories(dir);
    byte[] bytes = (HEADER + "\n" + Json.write(toJson(s)) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(path(), bytes, PosixFilePermissions.fromString("rw-------"));
  }

  /** The state to save from a discovery and the backend's profiles (only owned ones are kept). */
  static Saved of(Discovery d, List<Profile> profiles, Instant now) {
    Map<String, String> bondKeyToName = new TreeMap<>();
    for (Profile p : profiles) {
      if (p.type() == Profile.Type.BOND) {
        bondKeyToName.put(p.key(), p.interfaceName().isEmpty() ? p.name() : p.interfaceName());
      }
    }
    Map<String, Set<String>> owned = new TreeMap<>();
    for (Profile p : profiles) {
      if (!p.owned()) {
        continue;
      }
      String bond = switch (p.type()) {
        case BOND -> bondKeyToName.get(p.key());
        case BOND_PORT -> bondKeyToName.getOrDefault(p.controller(), p.controller());
        case OTHER -> null;
      };
      HcnId id = bond == null ? null : HcnId.fromBondName(bond);
      if (id != null) {
        owned.computeIfAbsent(id.hex(), k -> new TreeSet<>()).add(p.key());
      }
    }
    Map<String, HnvRecord> hnvs = new TreeMap<>();
    for (Hnv h : d.hnvs()) {
      List<String> ifs = h.ports().stream().map(Port::ifname).flatMap(Optional::stream).sorted().toList();
      hnvs.put(h.id().hex(), new HnvRecord(h.bondName(), List.copyOf(owned.getOrDefault(h.id().hex(), Set.of())), ifs));
    }
    // Profiles we own for an HNV the device tree no longer shows are still ours: keep them listed.
    owned.forEach((hex, keys) -> hnvs.computeIfAbsent(hex,
        k -> new HnvRecord(HcnId.parse(k).bondName(), List.copyOf(keys), List.of())));
    return new Saved(now, hnvs);
  }

  /** {@code now} with each HNV's owned profiles taken from {@code previous} (backend unreachable). */
  static Saved withProfilesOf(Saved now, Saved previous) {
    Map<String, HnvRecord> hnvs = new TreeMap<>(now.hnvs());
    previous.hnvs().forEach((id, old) -> {
      HnvRecord cur = hnvs.get(id);
      hnvs.put(id, cur == null ? old : new HnvRecord(cur.bond(), old.profiles(), cur.interfaces()));
    });
    return new Saved(now.lastReconcile(), hnvs);
  }

  /** Human lines for what differs between the saved state and now, for the startup log. */
  static List<String> changes(Saved before, Saved now) {
    List<String> out = new ArrayList<>();
    Set<String> ids = new TreeSet<>(before.hnvs().keySet());
    ids.addAll(now.hnvs().keySet());
    for (String id : ids) {
      HnvRecord a = before.hnvs().get(id);
      HnvRecord b = now.hnvs().get(id);
      if (a == null) {
        out.add("HNV " + id + " is new (interfaces " + b.interfaces() + ")");
      } else if (b == null) {
        out.add("HNV " + id + " is gone (had interfaces " + a.interfaces() + ")");
      } else {
        if (!a.interfaces().equals(b.interfaces())) {
          out.add("HNV " + id + " interfaces " + a.interfaces() + " -> " + b.interfaces());
        }
        if (!a.profiles().equals(b.profiles())) {
          out.add("HNV " + id + " owned profiles " + a.profiles() + " -> " + b.profiles());
        }
      }
    }
    return out;
  }

  private static Map<String, Object> toJson(Saved s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", 1);
    m.put("lastReconcile", s.lastReconcile().toString());
    Map<String, Object> hnvs = new TreeMap<>();
    s.hnvs().forEach((id, h) -> {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("bond", h.bond());
      hm.put("profiles", h.profiles());
      hm.put("interfaces", h.interfaces());
      hnvs.put(id, hm);
    });
    m.put("hnvs", hnvs);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Saved fromJson(Object json) {
    Map<String, Object> m = (Map<String, Object>) json;
    Instant at = Instant.parse((String) m.get("lastReconcile"));
    Map<String, HnvRecord> hnvs = new TreeMap<>();
    ((Map<String, Object>) m.getOrDefault("hnvs", Map.of())).forEach((id, v) -> {
      Map<String, Object> h = (Map<String, Object>) v;
      hnvs.put(id, new HnvRecord((String) h.get("bond"), strings(h.get("profiles")), strings(h.get("interfaces"))));
    });
    return new Saved(at, hnvs);
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    }
    return out;
  }
}
