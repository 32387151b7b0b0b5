package dev.hnvd.backend.wicked;

import dev.hnvd.plan.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only look at the bond files in an ifcfg directory, for {@code hnvctl doctor} on a system
 * that moved from wicked to NetworkManager: which HNV bonds wicked would still bring up, and
 * whether they are ours. Parses with the backend's own rules (ownership mark, slave keys); never
 * writes and never replays a journal.
 */
public final class IfcfgInventory {
  private IfcfgInventory() {}

  /** One bond file: its name, the bond, its slaves, whether it carries our mark. */
  public record BondFile(String file, String bond, List<String> slaves, boolean owned) {
    public BondFile {
      slaves = List.copyOf(slaves);
    }
  }

  /** Every bond file in {@code dir} (empty when the directory does not exist). */
  public static List<BondFile> bonds(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    IfcfgDir d = new IfcfgDir(dir);
    List<BondFile> out = new ArrayList<>();
    List<String> names;
    try {
      names = d.names();
    } catch (UncheckedIOException e) {
      return List.of();
    }
    for (String name : names) {
      try {
        d.read(name).ifPresent(bytes -> {
          List<Profile> ps = IfcfgProfiles.of(name, IfcfgFile.parse(bytes));
          Profile bond = ps.get(0);
          if (bond.type() == Profile.Type.BOND) {
            List<String> slaves = ps.stream().filter(p -> p.type() == Profile.Type.BOND_PORT)
                .map(Profile::interfaceName).toList();
            out.add(new BondFile(name, bond.name(), slaves, bond.owned()));
          }
        });
      } catch (IOException e) {
        // unreadable: doctor reports what it can read
      }
    }
    return out;
  }
}
