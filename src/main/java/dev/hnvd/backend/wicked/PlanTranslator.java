package dev.hnvd.backend.wicked;

import dev.hnvd.model.HnvException;
import dev.hnvd.plan.Action;
import dev.hnvd.plan.Plan;
import dev.hnvd.platform.KernelView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a plan into ifcfg file contents (in memory) and the runtime steps to run after writing
 * them. Every refusal (a file we do not own, a missing bond file, an unwritable value) happens
 * here, before anything on disk changes.
 */
final class PlanTranslator {

  /** Linux interface names: up to 15 bytes, no slash, no whitespace, not "." or "..". */
  private static final Pattern IFNAME = Pattern.compile("(?!\\.\\.?$)[^/\\s:'\"#\\\\]{1,15}");

  /** What a plan amounts to for wicked. */
  record Translation(IfcfgChanges files, List<RuntimeStep> steps, List<String> warnings) {}

  private final IfcfgChanges files;
  private final boolean wickedActive;
  private final KernelView kernel;
  private final List<RuntimeStep> steps = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private PlanTranslator(IfcfgChanges files, boolean wickedActive, KernelView kernel) {
    this.files = files;
    this.wickedActive = wickedActive;
    this.kernel = kernel;
  }

  static Translation translate(Plan plan, IfcfgDir dir, boolean wickedActive, KernelView kernel) {
    PlanTranslator t = new PlanTranslator(new IfcfgChanges(dir), wickedActive, kernel);
    for (Action a : plan.actions()) {
      try {
        t.add(a);
      } catch (IllegalArgumentException e) {
        throw new HnvException(HnvException.Kind.INVALID,
            "cannot " + a.describe() + ": " + e.getMessage() + "; nothing changed", e);
      }
    }
    // A bond removed later in the same plan is not brought up in between.
    t.steps.removeIf(s -> s instanceof RuntimeStep.Ifup up && t.files.get(fileOf(up.bond())).isEmpty());
    return new Translation(t.files, List.copyOf(t.steps), List.copyOf(t.warnings));
  }

  private void add(Action a) {
    String why = a.describe();
    if (a instanceof Action.Adopt adopt) {
      String name = IfcfgProfiles.fileOf(adopt.key());
      IfcfgFile f = existing(name, why);
      files.put(name, BondIfcfg.markOwned(f), why);
    } else if (a instanceof Action.CreateBond create) {
      createBond(create, why);
    } else if (a instanceof Action.AddPort add) {
      String name = fileOf(add.bond());
      files.put(name, BondIfcfg.addSlave(ownedBond(name, why), ifname(add.ifname())), why);
      bringUp(add.bond(), why);
    } else if (a instanceof Action.ActivateBond act) {
      ownedBond(fileOf(act.bond()), why);
      bringUp(act.bond(), why);
    } else if (a instanceof Action.ActivatePort act) {
      IfcfgFile f = ownedBond(fileOf(act.bond()), why);
      if (!BondIfcfg.slaves(f).contains(act.ifname())) {
        throw refuse(why, fileOf(act.bond()) + " does not list " + act.ifname() + " as a slave");
      }
      bringUp(act.bond(), why);
    } else if (a instanceof Action.SetPrimary set) {
      String name = fileOf(set.bond());
      files.put(name, BondIfcfg.withPrimary(ownedBond(name, why), Optional.of(ifname(set.ifname()))), why);
      steps.add(new RuntimeStep.BondAttribute(set.bond(), "primary", set.ifname(), why));
    } else if (a instanceof Action.SelectActive sel) {
      ifname(sel.ifname());
      steps.add(new RuntimeStep.BondAttribute(ifname(sel.bond()), "active_slave", sel.ifname(), why));
    } else if (a instanceof Action.RemovePort rm) {
      removePort(rm, why);
    } else if (a instanceof Action.RemoveBond rm) {
      removeBond(rm, why);
    } else {
      throw new AssertionError("unknown action " + a);
    }
  }

  private void createBond(Action.CreateBond create, String why) {
    String name = fileOf(create.bond());
    Optional<String> primary = create.primary().map(PlanTranslator::ifname);
    Optional<IfcfgFile> existing = files.get(name);
    IfcfgFile bond;
    if (existing.isPresent()) {
      if (!BondIfcfg.owned(existing.get())) {
        throw refuse(why, name + " exists and is not ours (no " + BondIfcfg.OWNER_KEY + "='"
            + BondIfcfg.OWNER_VALUE + "')");
      }
      bond = BondIfcfg.converge(existing.get(), primary);
    } else {
      bond = BondIfcfg.newBond(create.hcnId(), primary);
    }
    if (create.ipFrom().isPresent()) {
      String from = IfcfgProfiles.fileOf(create.ipFrom().get());
      IfcfgFile foreign = existing(from, why);
      bond = BondIfcfg.takeIpFrom(bond, foreign);
      warnings.add(from + " still configures IP on " + from.substring(IfcfgDir.PREFIX.length())
          + " (left unchanged; " + create.bond() + " now carries its addresses); set its BOOTPROTO='none'"
          + " and STARTMODE='hotplug' by hand, and move any ifroute file, once the bond works");
    }
    files.put(name, bond, why);
    bringUp(create.bond(), why);
  }

  private void removePort(Action.RemovePort rm, String why) {
    String name = fileOf(rm.bond());
    Optional<IfcfgFile> f = files.get(name);
    if (f.isPresent()) {
      if (!BondIfcfg.owned(f.get())) {
        throw refuse(why, name + " is not ours");
      }
      files.put(name, BondIfcfg.removeSlave(f.get(), rm.ifname()), why);
    }
    // Only a port the kernel shows in THIS bond: after a move the same name may serve another bond.
    boolean enslavedHere = kernel.link(rm.ifname()).map(l -> l.master().equals(rm.bond())).orElse(false);
    if (wickedActive && enslavedHere) {
      steps.add(new RuntimeStep.Ifdown(rm.ifname(), why));
    }
  }

  private void removeBond(Action.RemoveBond rm, String why) {
    String name = fileOf(rm.bond());
    Optional<IfcfgFile> f = files.get(name);
    if (f.isPresent() && !BondIfcfg.owned(f.get())) {
      throw refuse(why, name + " is not ours");
    }
    if (f.isPresent()) {
      files.delete(name, why);
    }
    if (wickedActive && kernel.bond(rm.bond()).isPresent()) {
      steps.add(new RuntimeStep.Ifdown(rm.bond(), why));
    }
  }

  private void bringUp(String bond, String why) {
    if (wickedActive && steps.stream().noneMatch(s -> s instanceof RuntimeStep.Ifup up && up.bond().equals(bond))) {
      steps.add(new RuntimeStep.Ifup(bond, why));
    }
  }

  private IfcfgFile existing(String name, String why) {
    return files.get(IfcfgDir.checkName(name))
        .orElseThrow(() -> refuse(why, name + " does not exist"));
  }

  private IfcfgFile ownedBond(String name, String why) {
    IfcfgFile f = existing(name, why);
    if (!BondIfcfg.owned(f)) {
      throw refuse(why, name + " is not ours (no " + BondIfcfg.OWNER_KEY + "='" + BondIfcfg.OWNER_VALUE
          + "'); adopt it first");
    }
    return f;
  }

  static String fileOf(String bond) {
    return IfcfgDir.PREFIX + ifname(bond);
  }

  static String ifname(String name) {
    if (name == null || !IFNAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a usable interface name");
    }
    return name;
  }

  private static HnvException refuse(String why, String reason) {
    return new HnvException(HnvException.Kind.REJECTED, "cannot " + why + ": " + reason + "; nothing changed");
  }
}
