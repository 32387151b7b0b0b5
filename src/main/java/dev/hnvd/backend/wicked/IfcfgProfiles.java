package dev.hnvd.backend.wicked;

import dev.hnvd.plan.Profile;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps one ifcfg file to the planner's profiles: the file itself (key = file name, name = the
 * interface), and for a bond one synthetic {@code BOND_PORT} profile per {@code BONDING_SLAVE*}
 * value, keyed {@code <file>#<slave>}, owned exactly when the bond file is.
 */
final class IfcfgProfiles {
  static final char PORT_SEPARATOR = '#';

  private IfcfgProfiles() {}

  static List<Profile> of(String fileName, IfcfgFile f) {
    String ifname = fileName.substring(IfcfgDir.PREFIX.length());
    boolean owned = WickedProfileBuilder.owned(f);
    List<Profile> out = new ArrayList<>();
    if (!WickedProfileBuilder.isBond(f)) {
      out.add(new Profile(fileName, ifname, Profile.Type.OTHER, ifname, "", owned, null, WickedProfileBuilder.hasIpConfig(f)));
      return out;
    }
    out.add(new Profile(fileName, ifname, Profile.Type.BOND, ifname, "", owned,
        WickedProfileBuilder.options(f), WickedProfileBuilder.hasIpConfig(f)));
    for (String slave : WickedProfileBuilder.slaves(f)) {
      out.add(new Profile(portKey(fileName, slave), ifname + "-" + slave, Profile.Type.BOND_PORT, slave,
          ifname, owned, null, false));
    }
    return out;
  }

  static String portKey(String bondFile, String slave) {
    return bondFile + PORT_SEPARATOR + slave;
  }

  /** The file a profile key stands for ({@code ifcfg-bond…#eth2} -> {@code ifcfg-bond…}). */
  static String fileOf(String key) {
    int at = key.indexOf(PORT_SEPARATOR);
    return at < 0 ? key : key.substring(0, at);
  }
}
