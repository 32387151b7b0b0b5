package dev.hnvd.daemon;

import dev.hnvd.engine.DynamicRm;
import dev.hnvd.engine.Engine;
import dev.hnvd.engine.EngineFactory;
import dev.hnvd.engine.Settings;
import dev.hnvd.wire.Wire;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the DynamicRM commands clients forward over the socket and D-Bus, with exactly the code a
 * command runs in-process ({@link DynamicRm} on the engine), so the bytes on stdout and the exit
 * code are the same either way. hnvctl is not forwarded: it is the admin's tool, runs in its own
 * process and asks the daemon over D-Bus where it needs the daemon. A request's HNVD_* settings
 * override the daemon's own; when they come out the same, the daemon's engine is used.
 */
public final class ForwardedCommands implements CommandRunner {
  private final Settings daemonSettings;
  private final Function<Settings, Engine> engines;

  public ForwardedCommands(Settings daemonSettings, Engine engine) {
    this.daemonSettings = daemonSettings;
    this.engines = s -> s.equals(daemonSettings) ? engine : EngineFactory.engine(s);
  }

  @Override
  public boolean mutating(Wire.Request r) {
    List<String> args = r.args();
    return switch (r.argv0()) {
      case "hcnqrydev", "hcnversion" -> false;
      case "hcnmgr" -> args.stream().noneMatch(a -> a.startsWith("-") && !a.startsWith("--")
          && (a.indexOf('V') > 0 || a.indexOf('h') > 0));
      default -> true;
    };
  }

  @Override
  public Wire.Reply run(Wire.Request r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      Settings s = settings(r.env());
      String name = r.argv0();
      if (DynamicRm.NAMES.contains(name)) {
        rc = new DynamicRm(name, o, engines).run(r.args(), s);
      } else {
        o.println("[ERROR]:" + name + ":unknown command " + name);
        rc = 1;
      }
    }
    return Wire.Reply.ran(rc, out.toByteArray(), err.toByteArray());
  }

  /** The daemon's settings with the request's HNVD_* values on top. */
  Settings settings(Map<String, String> requestEnv) {
    if (requestEnv.isEmpty()) {
      return daemonSettings;
    }
    Map<String, String> env = new LinkedHashMap<>(asEnv(daemonSettings));
    env.putAll(requestEnv);
    return Settings.fromEnv(env);
  }

  static Map<String, String> asEnv(Settings s) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HNVD_ROOT", s.root().toString());
    if (s.deviceTree() != null) {
      env.put("HNVD_DEVICE_TREE", s.deviceTree().toString());
    }
    if (s.sysfs() != null) {
      env.put("HNVD_SYSFS", s.sysfs().toString());
    }
    env.put("HNVD_BACKEND", s.backend());
    env.put("HNVD_RESOLVE_SECONDS", Long.toString(s.resolveDeadline().toSeconds()));
    // Clients send only HNVD_* variables: the daemon's bus stays, so a request with the daemon's
    // own settings reuses its engine and its kept connection.
    if (s.bus() != null) {
      env.put("DBUS_SYSTEM_BUS_ADDRESS", s.bus());
    }
    return env;
  }
}
