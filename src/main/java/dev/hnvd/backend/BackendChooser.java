package dev.hnvd.backend;

import dev.hnvd.model.HnvException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which connection manager is in charge, as hcnmgr's {@code check_network_service} did but
 * asking systemd over D-Bus instead of running {@code systemctl}: on SUSE ({@code ID} sles, sled,
 * opensuse*, *suse*) the unit behind the {@code network.service} alias (wicked.service or
 * NetworkManager.service); elsewhere NetworkManager. Constructing the backend is the caller's job.
 */
public final class BackendChooser {

  static final String UNSUPPORTED = "HNV is only supported on wicked and NetworkManager";

  /** The manager to drive. */
  public enum Kind {
    NM,
    WICKED
  }

  /**
   * The decision and why, for logs and {@code hnvctl status}.
   *
   * @param kind the manager to drive
   * @param reason e.g. "SUSE (sles): network.service is wicked.service (active)"
   */
  public record Choice(Kind kind, String reason) {
    public Choice {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private final Path root;
  private final UnitStates units;

  /**
   * @param root file-system root holding {@code etc/os-release} ({@code /} in production)
   * @param units systemd's view of units ({@link SystemdUnits#onSystemBus()} in production)
   */
  public BackendChooser(Path root, UnitStates units) {
    this.root = Objects.requireNonNull(root, "root");
    this.units = Objects.requireNonNull(units, "units");
  }

  /**
   * Chooses, honouring {@code override} ({@code nm} or {@code wicked}, from {@code --backend}) when
   * given.
   *
   * @throws HnvException INVALID for an unknown override; UNREACHABLE when no supported manager runs
   */
  public Choice choose(Optional<String> override) {
    if (override.isPresent()) {
      String o = override.get().strip().toLowerCase(Locale.ROOT);
      switch (o) {
        case "nm", "networkmanager":
          return new Choice(Kind.NM, "--backend " + override.get());
        case "wicked":
          return new Choice(Kind.WICKED, "--backend " + override.get());
        default:
          throw new HnvException(HnvException.Kind.INVALID,
              "unknown backend '" + override.get() + "', expected nm or wicked");
      }
    }
    String id = osId();
    return isSuse(id) ? suse(id) : other(id);
  }

  public Choice choose() {
    return choose(Optional.empty());
  }

  private Choice suse(String id) {
    String where = "SUSE (" + id + ")";
    UnitStates.Unit unit;
    try {
      unit = units.load("network.service");
    } catch (HnvException e) {
      throw unreachable(where + ": cannot ask systemd which unit network.service is: " + e.getMessage());
    }
    String state = unit.activeState().isEmpty() ? "unknown" : unit.activeState();
    switch (unit.id()) {
      case "wicked.service":
        // Chosen even when stopped: the backend then prepares ifcfg files for wicked's next start.
        return new Choice(Kind.WICKED, where + ": network.service is wicked.service (" + state + ")");
      case "NetworkManager.service":
        if (!unit.active()) {
          throw unreachable(where + ": network.service is NetworkManager.service but it is " + state);
        }
        return new Choice(Kind.NM, where + ": network.service is NetworkManager.service (" + state + ")");
      default:
        throw unreachable(where + ": network.service is "
            + (unit.found() ? unit.id() + " (" + state + ")" : "not defined"));
    }
  }

  private Choice other(String id) {
    String where = id.isEmpty() ? "no os-release ID" : "non-SUSE (" + id + ")";
    UnitStates.Unit nm;
    try {
      nm = units.load("NetworkManager.service");
    } catch (HnvException e) {
      // NetworkManager can run without systemd (containers, rigs); its backend checks the bus itself.
      return new Choice(Kind.NM, where + ": systemd not reachable (" + e.getMessage() + "), trying NetworkManager directly");
    }
    if (!nm.active()) {
      throw unreachable(where + ": NetworkManager.service is "
          + (nm.found() ? (nm.activeState().isEmpty() ? "not running" : nm.activeState()) : "not installed"));
    }
    return new Choice(Kind.NM, where + ": NetworkManager.service (" + nm.activeState() + ")");
  }

  static boolean isSuse(String id) {
    return id.equals("sles") || id.equals("sled") || id.startsWith("opensuse") || id.contains("suse");
  }

  /** {@code ID} of {@code etc/os-release} (falling back to {@code usr/lib/os-release}), lowercase. */
  String osId() {
    for (String candidate : new String[] {"etc/os-release", "usr/lib/os-release"}) {
      try {
        String text = Files.readString(root.resolve(candidate), StandardCharsets.ISO_8859_1);
        return idFrom(text);
      } catch (NoSuchFileException e) {
        // try the next location, as os-release(5) says
      } catch (IOException e) {
        return "";
      }
    }
    return "";
  }

  /** Reads {@code ID=} without evaluating anything: optional single or double quotes only. */
  static String idFrom(String osRelease) {
    String id = "";
    for (String line : osRelease.split("\n")) {
      String l = line.strip();
      if (l.startsWith("ID=")) {
        String v = l.substring(3).strip();
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.endsWith(v.substring(0, 1))) {
          v = v.substring(1, v.length() - 1);
        }
        id = v.toLowerCase(Locale.ROOT);
      }
    }
    return id;
  }

  private static HnvException unreachable(String reason) {
    return new HnvException(HnvException.Kind.UNREACHABLE, UNSUPPORTED + " (" + reason + ")");
  }
}
