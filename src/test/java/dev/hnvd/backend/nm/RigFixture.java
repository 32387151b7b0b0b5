package dev.hnvd.backend.nm;

import dev.hnvd.rig.NmRig;
import dev.hnvd.rig.RigKernel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/** Helpers for rig tests: a second D-Bus client to prepare and inspect NetworkManager directly. */
final class RigFixture implements AutoCloseable {
  final NmRig rig;
  final NmClient nm;

  RigFixture(NmRig rig) {
    this.rig = rig;
    this.nm = NmClient.open(Optional.of(rig.busAddress()), Duration.ofSeconds(10), () -> { });
  }

  NmBackend backend() {
    return NmBackend.connect(rig.busAddress(), new RigKernel(rig.sysfs()), rig.sysfs(),
        new NmTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(3),
            Duration.ofSeconds(10), 60));
  }

  /** A backend that records its checkpoints under {@code runDir}, as the daemon's does. */
  NmBackend backend(java.nio.file.Path runDir) {
    return NmBackend.connect(rig.busAddress(), new RigKernel(rig.sysfs()), rig.sysfs(),
        new NmTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(3),
            Duration.ofSeconds(10), 60), runDir);
  }

  /** A clean NM: no checkpoints, no profiles except the loopback one NM makes itself. */
  void clean() {
    try {
      nm.checkpointDestroy(new DBusPath("/"));
    } catch (RuntimeException e) {
      // none held
    }
    for (var s : nm.allSettings()) {
      if (!"loopback".equals(NmProfileBuilder.string(s, "connection", "type"))) {
        nm.delete(NmProfileBuilder.string(s, "connection", "uuid"));
      }
    }
  }

  /**
   * Every profile's settings as plain values, by UUID: what "NM exactly as before" compares.
   * connection.timestamp is left out: NM bumps it on every activation (and on restart for lo).
   */
  Map<String, Object> all() {
    Map<String, Object> out = new TreeMap<>();
    for (var s : nm.allSettings()) {
      var p = NmProfileBuilder.copy(s);
      p.get("connection").remove("timestamp");
      out.put(NmProfileBuilder.string(s, "connection", "uuid"), NmSettingsComparison.plain(p));
    }
    return out;
  }

  Map<String, Map<String, Variant<?>>> settings(String uuid) {
    return nm.settings(uuid).orElseThrow().groups();
  }

  Map<String, Object> plainSettings(String uuid) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) NmSettingsComparison.plain(settings(uuid));
    return m;
  }

  /** Adds a profile that is not ours, e.g. what hcnmgr or a user left behind. */
  String addForeign(String name, String type, String iface, Map<String, Map<String, Variant<?>>> extra) {
    String uuid = java.util.UUID.randomUUID().toString();
    Map<String, Map<String, Variant<?>>> s = new LinkedHashMap<>();
    Map<String, Variant<?>> c = new LinkedHashMap<>();
    c.put("id", new Variant<>(name));
    c.put("uuid", new Variant<>(uuid));
    c.put("type", new Variant<>(type));
    c.put("interface-name", new Variant<>(iface));
    c.put("autoconnect", new Variant<>(false));
    s.put("connection", c);
    extra.forEach((k, v) -> s.merge(k, new LinkedHashMap<>(v), (a, b) -> {
      a.putAll(b);
      return a;
    }));
    nm.add(NmConnectionSettings.of(s), NmFlags.TO_DISK);
    return uuid;
  }

  List<String> names() {
    return nm.allSettings().stream().map(s -> NmProfileBuilder.string(s, "connection", "id")).sorted().toList();
  }

  @Override
  public void close() {
    nm.close();
  }
}
