package dev.hnvd.engine;

import dev.hnvd.plan.Gate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's LPM-gate knobs, from the environment (the daemon gets /etc/sysconfig/hnvd through its
 * unit's EnvironmentFile=) or else from {@code <root>/etc/sysconfig/hnvd} itself: the HMC runs
 * hcnqrydev with its own environment, and without a running daemon the command must still obey the
 * site's choice.
 *
 * @param policy HNVD_MIGRATION_GATE: path (default) or carrier (hcnmgr's rule)
 * @param target HNVD_PATH_TARGET: the IPv4 address the probes ask for (default: the bond's default
 *     gateway)
 */
public record GateConfig(Gate.Policy policy, Optional<String> target) {
  private static final Logger log = LoggerFactory.getLogger(GateConfig.class);
  static final String POLICY = "HNVD_MIGRATION_GATE";
  static final String TARGET = "HNVD_PATH_TARGET";

  public static GateConfig read(Path root, Map<String, String> env) {
    String p = env.get(POLICY);
    String t = env.get(TARGET);
    if (p == null || t == null) {
      Map<String, String> file = sysconfig(root.resolve("etc/sysconfig/hnvd"));
      p = p != null ? p : file.get(POLICY);
      t = t != null ? t : file.get(TARGET);
    }
    Gate.Policy policy = Gate.Policy.PATH;
    if (p != null && !p.isBlank()) {
      try {
        policy = Gate.Policy.parse(p);
      } catch (IllegalArgumentException e) {
        // The safe side: a typo must not switch the path check off.
        log.warn("{}; using path", e.getMessage());
      }
    }
    return new GateConfig(policy, t == null || t.isBlank() ? Optional.empty() : Optional.of(t.strip()));
  }

  /** KEY=VALUE lines as systemd's EnvironmentFile= reads them (quotes stripped, # comments). */
  static Map<String, String> sysconfig(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Map.of();
    }
    Map<String, String> out = new java.util.HashMap<>();
    for (String l : lines) {
      String s = l.strip();
      int eq = s.indexOf('=');
      if (s.startsWith("#") || eq <= 0) {
        continue;
      }
      String v = s.substring(eq + 1).strip();
      if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
        v = v.substring(1, v.length() - 1);
      }
      out.put(s.substring(0, eq).strip(), v);
    }
    return out;
  }
}
