package dev.hnvd.cli;

import dev.hnvd.backend.BackendChooser;
import dev.hnvd.backend.UnitStates;
import dev.hnvd.backend.wicked.IfcfgInventory;
import dev.hnvd.cli.Doctor.Check;
import dev.hnvd.model.HnvException;
import dev.hnvd.platform.Roots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code hnvctl doctor} on a system moved between NetworkManager and wicked: what the manager NOT
 * in use still holds for HNV bonds (bond<8 hex> and their ports). Its configuration is dormant
 * while it does not run, but it comes back with it (two managers claiming one bond), and a bond
 * that is not ours blocks ours. Reports only: nothing is deleted, ours or not, because switching
 * back is a legitimate plan; the fix line says how to remove them by hand.
 */
final class DoctorSwitch {
  static final String NAME = "other-manager";
  private static final Pattern HNV_BOND = Pattern.compile("bond[0-9a-fA-F]{8}");
  /** Our port profiles are named bond<id>-<interface>; hcnmgr's likewise. */
  private static final Pattern HNV_PROFILE = Pattern.compile("bond[0-9a-fA-F]{8}(-.+)?");

  private DoctorSwitch() {}

  static Check otherManager(Roots roots, UnitStates units) {
    BackendChooser.Kind kind;
    try {
      kind = new BackendChooser(roots.root(), units).choose().kind();
    } catch (HnvException e) {
      // Which one runs is unknown (systemd not answering, neither running): show both sides' HNV
      // configuration when both hold some, the usual state right after a switch.
      Check nm = nmLeftovers(roots);
      Check wicked = wickedLeftovers(roots);
      if (nm.status() == Doctor.Status.WARN && wicked.status() == Doctor.Status.WARN) {
        return Check.warn(NAME, "cannot tell which manager is in use (" + e.getMessage() + "); both hold HNV "
            + "configuration: " + nm.detail() + " / " + wicked.detail(),
            "keep the configuration of the manager you use; for the other: " + nm.fix() + " / " + wicked.fix());
      }
      return Check.pass(NAME, "no connection manager chosen, and at most one holds HNV configuration");
    }
    return kind == BackendChooser.Kind.WICKED ? nmLeftovers(roots) : wickedLeftovers(roots);
  }

  /** wicked in use: NetworkManager keyfiles of HNV bonds and their ports. */
  static Check nmLeftovers(Roots roots) {
    List<String> found = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("/etc/NetworkManager/system-connections", "/run/NetworkManager/system-connections")) {
      for (Path f : list(roots.resolve(dir))) {
        Keyfile k = Keyfile.read(f);
        boolean hnv = HNV_PROFILE.matcher(k.id).matches() || HNV_BOND.matcher(k.ifname).matches()
            || HNV_BOND.matcher(k.controller).matches();
        if (hnv) {
          found.add(k.id + (k.ours ? " (hnvd's)" : " (not hnvd's)"));
          files.add(Path.of(dir).resolve(f.getFileName()));
        }
      }
    }
    if (found.isEmpty()) {
      return Check.pass(NAME, "wicked in use; NetworkManager holds no HNV profiles");
    }
    return Check.warn(NAME, "wicked in use, but NetworkManager still holds HNV profiles: " + String.join(", ", found)
            + "; left alone (they act only if NetworkManager starts again)",
        "if this system will not go back to NetworkManager, check and remove them by hand: rm "
            + String.join(" ", files.stream().map(Path::toString).toList()));
  }

  /** NetworkManager in use: ifcfg-bond<id> files wicked would bring up. */
  static Check wickedLeftovers(Roots roots) {
    Path dir = roots.resolve("/etc/sysconfig/network");
    List<String> found = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (IfcfgInventory.BondFile b : IfcfgInventory.bonds(dir)) {
      if (HNV_BOND.matcher(b.bond()).matches()) {
        found.add(b.file() + " (" + (b.owned() ? "hnvd's" : "not hnvd's") + ", ports " + String.join(" ", b.slaves()) + ")");
        files.add("/etc/sysconfig/network/" + b.file());
      }
    }
    if (found.isEmpty()) {
      return Check.pass(NAME, "NetworkManager in use; wicked holds no HNV ifcfg files");
    }
    return Check.warn(NAME, "NetworkManager in use, but wicked still holds HNV ifcfg files: " + String.join(", ", found)
            + "; left alone (they act only if wicked starts again)",
        "if this system will not go back to wicked, check and remove them by hand: rm " + String.join(" ", files));
  }

  private static List<Path> list(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(p -> {
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
      });
    } catch (IOException e) {
      // unreadable directory: nothing to report from it
    }
    out.sort(null);
    return out;
  }

  /** The few keys of an NM keyfile that say what it is for and whose it is. */
  private record Keyfile(String id, String ifname, String controller, boolean ours) {
    static Keyfile read(Path f) {
      String id = "";
      String ifname = "";
      String controller = "";
      boolean ours = false;
      String section = "";
      List<String> lines;
      try {
        lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        return new Keyfile(f.getFileName().toString(), "", "", false);
      }
      for (String raw : lines) {
        String line = raw.strip();
        if (line.startsWith("[") && line.endsWith("]")) {
          section = line.substring(1, line.length() - 1);
          continue;
        }
        int eq = line.indexOf('=');
        if (eq < 0 || line.startsWith("#")) {
          continue;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (section.equals("connection")) {
          switch (key) {
            case "id" -> id = value;
            case "interface-name" -> ifname = value;
            case "master", "controller" -> controller = value;
            default -> { }
          }
        } else if (section.equals("user") && key.equals("hnvd.owner")) {
          ours = value.equals("hnvd");
        }
      }
      return new Keyfile(id.isEmpty() ? f.getFileName().toString() : id, ifname, controller, ours);
    }
  }
}
