package dev.hnvd.backend.wicked;

import dev.hnvd.backend.ApplyReport;
import dev.hnvd.backend.Backend;
import dev.hnvd.backend.BondSysfs;
import dev.hnvd.model.HnvException;
import dev.hnvd.plan.Plan;
import dev.hnvd.plan.Profile;
import dev.hnvd.platform.KernelView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wicked backend (SLES 15): HNV bonds as {@code ifcfg-bond<id>} files in
 * {@code /etc/sysconfig/network}, brought up with {@code wicked ifup} only while wicked.service
 * runs (otherwise the files wait for its next start; {@code ifreload} is never used, it would
 * bounce unrelated interfaces). Runtime-only changes (primary, active slave) go to sysfs.
 *
 * <p>Apply is one transaction: translate the whole plan in memory (refusals change nothing),
 * journal the originals in the state directory, write, run wicked, verify against the kernel, and
 * on any failure put every file back byte for byte.
 */
public final class WickedBackend implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(WickedBackend.class);

  private final IfcfgDir dir;
  private final WickedCli cli;
  private final BondSysfs sysfs;
  private final WickedRollback journal;
  private final ServiceState service;
  private final KernelView kernel;
  private final WickedVerifier verifier;
  private final ForeignWicked admin;

  /** The longest we wait for an admin's wicked command on our bonds before acting anyway. */
  static final Duration ADMIN_WAIT = Duration.ofSeconds(90);
  /** wicked deletes a bond before its ifdown returns; a little slack for the kernel. */
  static final Duration BOND_GONE = Duration.ofSeconds(3);

  public WickedBackend(WickedSettings settings, ServiceState service, KernelView kernel) {
    this(settings, service, kernel, ForeignWicked.ofSystem());
  }

  WickedBackend(WickedSettings settings, ServiceState service, KernelView kernel, ForeignWicked admin) {
    Objects.requireNonNull(settings, "settings");
    this.admin = Objects.requireNonNull(admin, "admin");
    this.dir = new IfcfgDir(settings.ifcfgDir());
    this.cli = new WickedCli(settings.wicked(), settings.callTimeout());
    this.sysfs = new BondSysfs(settings.sysfs());
    this.journal = new WickedRollback(settings.stateDir());
    this.service = Objects.requireNonNull(service, "service");
    this.kernel = Objects.requireNonNull(kernel, "kernel");
    this.verifier = new WickedVerifier(kernel, settings.verifyDeadline());
  }

  @Override
  public String describe() {
    return "wicked (ifcfg files in " + dir.path() + ")";
  }

  @Override
  public List<Profile> profiles() {
    recover();
    List<Profile> out = new ArrayList<>();
    List<String> names;
    try {
      names = dir.names();
    } catch (UncheckedIOException e) {
      throw new HnvException(HnvException.Kind.UNREACHABLE, e.getMessage(), e);
    }
    for (String name : names) {
      try {
        dir.read(name).ifPresent(bytes -> out.addAll(IfcfgProfiles.of(name, IfcfgFile.parse(bytes))));
      } catch (IOException e) {
        LOG.warn("cannot read {}, ignoring it: {}", dir.path().resolve(name), e.getMessage());
      }
    }
    // The planner reads the kernel right after the profiles: while an admin's wicked command
    // reloads one of these bonds the kernel shows it half-built, and a plan made from that would
    // start our own ifup in the middle of theirs. Wait for it to end first (ForeignWicked).
    Set<String> ifnames = new LinkedHashSet<>();
    for (Profile p : out) {
      if (p.type() == Profile.Type.BOND) {
        ifnames.add(p.name());
      } else if (p.type() == Profile.Type.BOND_PORT) {
        ifnames.add(p.interfaceName());
      }
    }
    if (!ifnames.isEmpty()) {
      admin.awaitIdle(ifnames, ADMIN_WAIT);
    }
    return out;
  }

  /** Whether a bond left the kernel within {@link #BOND_GONE} after an ifdown. */
  private boolean bondGone(String bond) {
    long end = System.nanoTime() + BOND_GONE.toNanos();
    while (kernel.bond(bond).isPresent()) {
      if (System.nanoTime() > end) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return kernel.bond(bond).isEmpty();
      }
    }
    return true;
  }

  /** Waits for an admin's wicked command on {@code ifname} or, for a bond, on its ports. */
  private void awaitAdmin(String ifname) {
    Set<String> names = new LinkedHashSet<>();
    names.add(ifname);
    kernel.bond(ifname).ifPresent(b -> names.addAll(b.slaves()));
    admin.awaitIdle(names, ADMIN_WAIT);
  }

  @Override
  public ApplyReport apply(Plan plan) {
    if (plan.isEmpty()) {
      return ApplyReport.nothing();
    }
    recover();
    boolean active = service.wickedActive();
    WickedTranslator.Translation t;
    try {
      t = WickedTranslator.translate(plan, dir, active, kernel);
    } catch (UncheckedIOException e) {
      throw new HnvException(HnvException.Kind.REJECTED, e.getMessage() + "; nothing changed", e);
    }
    List<IfcfgChanges.Change> changes = t.files().changes();
    List<String> warnings = new ArrayList<>(t.warnings());
    if (!active) {
      warnings.add("wicked.service is not running: ifcfg files prepared for its next start, no ifup");
    }
    List<IfcfgChanges.Change> written = new ArrayList<>();
    Set<String> raised = new LinkedHashSet<>();
    Set<String> touched = new LinkedHashSet<>();
    boolean runtimeTouched = false;
    String step = "journal";
    try {
      if (!changes.isEmpty()) {
        journal.open(changes);
      }
      for (IfcfgChanges.Change c : changes) {
        step = c.cause() + " (" + (c.deletes() ? "delete " : "write ") + c.name() + ")";
        written.add(c);
        if (c.deletes()) {
          dir.delete(c.name());
          LOG.info("deleted {} ({})", dir.path().resolve(c.name()), c.cause());
        } else {
          dir.write(c.name(), c.after().get());
          LOG.info("wrote {} ({})", dir.path().resolve(c.name()), c.cause());
        }
      }
      Set<String> pending = new LinkedHashSet<>();
      for (RuntimeStep s : t.steps()) {
        step = s.cause();
        runtimeTouched = true;
        run(s, pending, raised, touched, warnings);
      }
      for (String bond : pending) {
        ifup(bond, raised, warnings);
      }
      step = "verify";
      if (active) {
        touched.addAll(raised);
        verifier.await(touched, t.files());
      }
    } catch (HnvException | IOException | UncheckedIOException e) {
      rollback(written, runtimeTouched && active, raised, step, e);
    }
    clearJournal();
    return new ApplyReport(plan.actions(), changes.size(), warnings);
  }

  private void run(
      RuntimeStep s, Set<String> pending, Set<String> raised, Set<String> touched, List<String> warnings)
      throws IOException {
    if (s instanceof RuntimeStep.Ifup up) {
      pending.add(up.bond());
    } else if (s instanceof RuntimeStep.Ifdown down) {
      pending.remove(down.ifname());
      awaitAdmin(down.ifname());
      boolean bond = kernel.bond(down.ifname()).isPresent();
      cli.run("ifdown", down.ifname()).ifPresent(warnings::add);
      LOG.info("wicked ifdown {} ({})", down.ifname(), down.cause());
      if (bond && !bondGone(down.ifname())) {
        // Real wicked 0.6.80 exits 0 and leaves the bond when it holds no state for it (wickedd
        // restarted since the bond came up; our file is already deleted, so it has no config
        // either) and when the delete fails ("[ignored] ... deleteDevice() failed", read-only
        // bonding_masters). The bond is ours (its file was): delete it as wicked would. If that
        // fails too, say so instead of reporting a removal that did not happen; the files are
        // already right, so it is no rollback.
        try {
          sysfs.delete(down.ifname());
        } catch (IOException e) {
          LOG.debug("{}", e.getMessage());
        }
        if (bondGone(down.ifname())) {
          LOG.info("deleted bond {} through bonding_masters: wicked ifdown exited 0 and left it", down.ifname());
        } else {
          String w = "wicked ifdown " + down.ifname() + " exited 0 but the kernel still has the bond "
              + "(wicked ignores a failed delete; is /sys/class/net/bonding_masters writable?)";
          LOG.warn(w);
          warnings.add(w);
        }
      }
    } else if (s instanceof RuntimeStep.BondAttribute attr) {
      if (pending.remove(attr.bond())) {
        ifup(attr.bond(), raised, warnings); // the port must be enslaved before it can be primary
      }
      boolean enslaved = kernel.bond(attr.bond()).map(b -> b.slaves().contains(attr.port())).orElse(false);
      if (enslaved) {
        try {
          sysfs.write(attr.bond(), attr.attribute(), attr.port());
        } catch (IOException e) {
          Path file = sysfs.root().resolve("class/net").resolve(attr.bond()).resolve("bonding")
              .resolve(attr.attribute());
          throw new IOException("cannot write " + attr.port() + " to " + file + ": " + e, e);
        }
        touched.add(attr.bond()); // changed at runtime: verify it like a bond we brought up
        LOG.info("set {}/bonding/{} to {} ({})", attr.bond(), attr.attribute(), attr.port(), attr.cause());
      } else {
        warnings.add(attr.port() + " is not a slave of " + attr.bond() + " in the kernel yet: "
            + attr.attribute() + " only stored in " + WickedTranslator.fileOf(attr.bond()));
      }
    }
  }

  private void ifup(String bond, Set<String> raised, List<String> warnings) {
    awaitAdmin(bond);
    cli.run("ifup", bond).ifPresent(warnings::add);
    raised.add(bond);
    LOG.info("wicked ifup {}", bond);
  }

  /** Puts back every written file, re-applies them if wicked already acted, and throws. */
  private void rollback(
      List<IfcfgChanges.Change> written, boolean reapply, Set<String> raised, String step, Exception cause) {
    HnvException.Kind kind = cause instanceof HnvException h ? h.kind() : HnvException.Kind.REJECTED;
    String failure = "step '" + step + "' failed: " + cause.getMessage();
    LOG.warn("{}; rolling back", failure);
    List<String> problems = new ArrayList<>();
    for (int i = written.size() - 1; i >= 0; i--) {
      IfcfgChanges.Change c = written.get(i);
      try {
        if (c.before().isPresent()) {
          dir.write(c.name(), c.before().get());
        } else {
          dir.delete(c.name());
        }
      } catch (IOException | RuntimeException e) {
        problems.add("cannot restore " + c.name() + ": " + e.getMessage());
      }
    }
    if (reapply) {
      // wicked may already run the new config; bring the restored bonds back to their old files.
      for (String bond : raised) {
        try {
          if (dir.read(WickedTranslator.fileOf(bond)).isPresent()) {
            cli.run("ifup", bond);
          }
        } catch (IOException | RuntimeException e) {
          problems.add("cannot re-apply " + bond + ": " + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      // Keep the journal: the next start tries the restore again.
      String msg = failure + "; ROLLBACK FAILED, the system may be half-changed: " + String.join("; ", problems);
      LOG.error(msg);
      throw new HnvException(HnvException.Kind.ROLLBACK_FAILED, msg, cause);
    }
    clearJournal();
    throw new HnvException(kind, failure + "; ifcfg files rolled back", cause);
  }

  private void recover() {
    try {
      if (journal.recover(dir)) {
        LOG.warn("an interrupted apply was rolled back from the journal");
      }
    } catch (IOException e) {
      throw new HnvException(HnvException.Kind.ROLLBACK_FAILED,
          "cannot roll back an interrupted apply from the journal: " + e.getMessage(), e);
    }
  }

  private void clearJournal() {
    try {
      journal.clear();
    } catch (IOException e) {
      LOG.warn("cannot remove the rollback journal, ignoring: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    // Nothing held open: every wicked call is its own process.
  }
}
