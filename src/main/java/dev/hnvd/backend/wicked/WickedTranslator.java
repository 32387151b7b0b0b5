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
final class WickedTranslator {

  /** Linux interface names: up to 15 bytes, no slash, no whitespace, not "." or "..". */
  private static final Pattern IFNAME = Pattern.compile("(?!\\.\\.?$)[^/\\s:'\"#\\\\]{1,15}");

  /** What a plan amounts to for wicked. */
  record Translation(IfcfgChanges files, List<RuntimeStep> steps, List<String> warnings) {}

  private final IfcfgChanges files;
  private final boolean wickedActive;
  private final KernelView kernel;
  private final List<RuntimeStep> steps = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private WickedTranslator(IfcfgChanges files, boolean wickedActive, KernelView kernel) {
    this.files = files;
    this.wickedActive = wickedActive;
    this.kernel = kernel;
  }

  static Translation translate(Plan plan, IfcfgDir dir, boolean wickedActive, KernelView kernel) {
    WickedTranslator t = new WickedTranslator(new IfcfgChanges(dir), wickedActive, kernel);
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
    a.accept(new Add(a.describe()));
  }

  /** Each kind's file changes and runtime steps; {@code why} is the action's log line. */
  private final class Add implements Action.Visitor<Void> {
    private final String why;

    Add(String why) {
      this.why = why;
    }

    @Override
    public Void adopt(Action.Adopt a) {
      String name = IfcfgProfiles.fileOf(a.key());
      IfcfgFile f = existing(name, why);
      files.put(name, WickedProfileBuilder.markOwned(f), why);
      return null;
    }

    @Override
    public Void createBond(Action.CreateBond a) {
      WickedTranslator.this.createBond(a, why);
      return null;
    }

    @Override
    public Void addPort(Action.AddPort a) {
      String name = fileOf(a.bond());
      files.put(name, WickedProfileBuilder.addSlave(ownedBond(name, why), ifname(a.ifname())), why);
      bringUp(a.bond(), why);
      return null;
    }

    @Override
    public Void activateBond(Action.ActivateBond a) {
      ownedBond(fileOf(a.bond()), why);
      bringUp(a.bond(), why);
      return null;
    }

    @Override
    public Void activatePort(Action.ActivatePort a) {
      IfcfgFile f = ownedBond(fileOf(a.bond()), why);
      if (!WickedProfileBuilder.slaves(f).contains(a.ifname())) {
        throw refuse(why, fileOf(a.bond()) + " does not list " + a.ifname() + " as a slave");
      }
      bringUp(a.bond(), why);
      return null;
    }

    @Override
    public Void setPrimary(Action.SetPrimary a) {
      String name = fileOf(a.bond());
      files.put(name, WickedProfileBuilder.withPrimary(ownedBond(name, why), Optional.of(ifname(a.ifname()))), why);
      steps.add(new RuntimeStep.BondAttribute(a.bond(), "primary", a.ifname(), why));
      return null;
    }

    @Override
    public Void selectActive(Action.SelectActive a) {
      ifname(a.ifname());
      steps.add(new RuntimeStep.BondAttribute(ifname(a.bond()), "active_slave", a.ifname(), why));
      return null;
    }

    @Override
    public Void removePort(Action.RemovePort a) {
      WickedTranslator.this.removePort(a, why);
      return null;
    }

    @Override
    public Void removeBond(Action.RemoveBond a) {
      WickedTranslator.this.removeBond(a, why);
      return null;
    }
  }

  private void createBond(Action.CreateBond create, String why) {
    String name = fileOf(create.bond());
    Optional<String> primary = create.primary().map(WickedTranslator::ifname);
    Optional<IfcfgFile> existing = files.get(name);
    IfcfgFile bond;
    if (existing.isPresent()) {
      if (!WickedProfileBuilder.owned(existing.get())) {
        throw refuse(why, name + " exists and is not ours (no " + WickedProfileBuilder.OWNER_KEY + "='"
            + WickedProfileBuilder.OWNER_VALUE + "')");
      }
      bond = WickedProfileBuilder.converge(existing.get(), primary);
    } else {
      bond = WickedProfileBuilder.newBond(create.hcnId(), primary);
    }
    if (create.ipFrom().isPresent()) {
      String from = IfcfgProfiles.fileOf(create.ipFrom().get());
      IfcfgFile foreign = existing(from, why);
      bond = WickedProfileBuilder.takeIpFrom(bond, foreign);
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
      if (!WickedProfileBuilder.owned(f.get())) {
        throw refuse(why, name + " is not ours");
      }
      files.put(name, WickedProfileBuilder.removeSlave(f.get(), rm.ifname()), why);
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
    if (f.isPresent() && !WickedProfileBuilder.owned(f.get())) {
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
    if (!WickedProfileBuilder.owned(f)) {
      throw refuse(why, name + " is not ours (no " + WickedProfileBuilder.OWNER_KEY + "='" + WickedProfileBuilder.OWNER_VALUE
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
