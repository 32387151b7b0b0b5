package dev.hnvd.backend.nm;

import dev.hnvd.backend.ApplyReport;
import dev.hnvd.backend.BondSysfs;
import dev.hnvd.backend.nm.NmStep.Write;
import dev.hnvd.backend.nm.dbus.NmActiveConnection;
import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import dev.hnvd.plan.Action;
import dev.hnvd.platform.KernelView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One apply, written once: validate (translate) -> snapshot the profiles we touch + checkpoint the
 * devices -> write profiles in plan order, activating controllers before ports -> runtime sysfs
 * changes -> verify against the kernel (bounded) -> destroy the checkpoint, or roll back both and
 * throw naming the step that failed. A failed rollback is logged loudly and reported as such.
 */
final class NmTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(NmTransaction.class);

  private final NmClient nm;
  private final KernelView kernel;
  private final BondSysfs sysfs;
  private final NmTimeouts timeouts;
  private final NmWriteHook hook;
  private final NmCheckpointRecords records;

  private final Map<String, Optional<NmConnectionSettings>> snapshot = new LinkedHashMap<>();
  private final List<String> touched = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<Action> applied = new ArrayList<>();
  /** Bonds the kernel cannot create (no bonding): profiles kept, activation and checks skipped. */
  private final Set<String> bondless = new LinkedHashSet<>();
  private final List<Activation> pendingBonds = new ArrayList<>();
  private final List<Activation> pendingPorts = new ArrayList<>();
  private int writes;
  /** Taken once the profiles are read; null before (nothing to release or roll back then). */
  private NmHeldCheckpoint checkpoint;

  NmTransaction(NmClient nm, KernelView kernel, BondSysfs sysfs, NmTimeouts timeouts, NmWriteHook hook) {
    this(nm, kernel, sysfs, timeouts, hook, NmCheckpointRecords.none());
  }

  NmTransaction(NmClient nm, KernelView kernel, BondSysfs sysfs, NmTimeouts timeouts, NmWriteHook hook,
      NmCheckpointRecords records) {
    this.records = records;
    this.nm = nm;
    this.kernel = kernel;
    this.sysfs = sysfs;
    this.timeouts = timeouts;
    this.hook = hook;
  }

  ApplyReport run(List<Action> actions) {
    if (actions.isEmpty()) {
      return ApplyReport.nothing();
    }
    try {
      return runRecorded(actions);
    } finally {
      // However this ends (even by an Error), a record left on disk is now a leftover to recover.
      if (checkpoint != null) {
        checkpoint.release();
      }
    }
  }

  private ApplyReport runRecorded(List<Action> actions) {
    List<NmConnectionSettings> all = step("read profiles", nm::allSettings);
    List<NmStep> steps = NmTranslator.translate(nm.version(), all, actions);
    // Update2 replaces a whole profile: what we write must start from NetworkManager's current
    // settings of it, never from a cached copy that may trail someone else's edit.
    Set<String> written = steps.stream().filter(st -> st.write() != Write.NONE).map(NmStep::uuid)
        .collect(Collectors.toSet());
    if (!written.isEmpty()) {
      nm.forget(written);
      all = step("read profiles", nm::allSettings);
      steps = NmTranslator.translate(nm.version(), all, actions);
    }
    for (var s : all) {
      snapshot.put(NmProfileBuilder.string(s, "connection", "uuid"), Optional.of(s));
    }
    checkpoint = NmHeldCheckpoint.take(nm, timeouts, records, nm.generation(), actions);
    String current = "start";
    try {
      for (NmStep st : steps) {
        current = st.describe();
        execute(st);
        applied.add(st.action());
      }
      current = "activate";
      flushActivations();
      current = "verify";
      checkpoint.keepAlive();
      new NmVerifier(kernel, timeouts.verify()).verify(steps, bondless);
      checkpoint.finish(this::warn);
      return new ApplyReport(applied, writes, warnings);
    } catch (RuntimeException e) {
      String where = "step '" + current + "' failed";
      HnvException cause = e instanceof HnvException h
          ? new HnvException(h.kind(), where + ": " + h.getMessage(), h)
          : NmErrors.toDomain(where, e);
      LOG.warn("apply failed at '{}': {}; rolling back", current, NmErrors.text(e));
      rollback(cause);
      throw new HnvException(cause.kind(), cause.getMessage() + "; rolled back", e);
    }
  }

  private void execute(NmStep st) {
    write(st);
    st.action().accept(new Execute(st));
  }

  /** What each kind needs after its profile write: an activation (batched) or a runtime change. */
  private final class Execute implements Action.Visitor<Void> {
    private final NmStep st;

    Execute(NmStep st) {
      this.st = st;
    }

    @Override
    public Void adopt(Action.Adopt a) {
      return null;
    }

    @Override
    public Void createBond(Action.CreateBond a) {
      pendingBonds.add(new Activation(st, a.bond(), ""));
      return null;
    }

    @Override
    public Void addPort(Action.AddPort a) {
      pendingPorts.add(new Activation(st, a.bond(), a.ifname()));
      return null;
    }

    @Override
    public Void activateBond(Action.ActivateBond a) {
      pendingBonds.add(new Activation(st, a.bond(), ""));
      return null;
    }

    @Override
    public Void activatePort(Action.ActivatePort a) {
      pendingPorts.add(new Activation(st, a.bond(), a.ifname()));
      return null;
    }

    @Override
    public Void setPrimary(Action.SetPrimary a) {
      flushActivations();
      runtime(a.bond(), () -> sysfs.setPrimary(a.bond(), a.ifname()), "primary " + a.ifname());
      return null;
    }

    @Override
    public Void selectActive(Action.SelectActive a) {
      flushActivations();
      runtime(a.bond(), () -> sysfs.setActiveSlave(a.bond(), a.ifname()), "active port " + a.ifname());
      return null;
    }

    @Override
    public Void removePort(Action.RemovePort a) {
      return null; // the profile's deletion is the whole change
    }

    @Override
    public Void removeBond(Action.RemoveBond a) {
      return null; // the profile's deletion is the whole change
    }
  }

  /** A profile to activate once the plan's writes are done; {@code ifname} is empty for a bond. */
  private record Activation(NmStep step, String bond, String ifname) {}

  private void write(NmStep st) {
    if (st.write() == Write.NONE) {
      return;
    }
    var settings = hook.beforeWrite(st, st.settings());
    touched.add(st.uuid());
    snapshot.putIfAbsent(st.uuid(), Optional.empty());
    try {
      writeOnce(st, settings);
    } catch (RuntimeException e) {
      if (!NmErrors.unreachable(e) || !nm.awaitNm(timeouts.nmReturn())) {
        throw e;
      }
      // NM restarted under us: paths are re-resolved by UUID, so one retry is safe.
      LOG.warn("NetworkManager went away during '{}', retrying once", st.describe());
      if (!alreadyDone(st)) {
        writeOnce(st, settings);
      }
    }
    writes++;
    LOG.info("{} profile {} ({})", st.write().name().toLowerCase(), st.name(), st.uuid());
  }

  private void writeOnce(NmStep st, NmConnectionSettings settings) {
    switch (st.write()) {
      case ADD -> nm.add(settings, st.flags());
      case UPDATE -> nm.update(st.uuid(), settings, st.flags());
      case DELETE -> nm.delete(st.uuid());
      case NONE -> { }
    }
  }

  private boolean alreadyDone(NmStep st) {
    return switch (st.write()) {
      case ADD -> nm.path(st.uuid()).isPresent();
      case DELETE -> nm.path(st.uuid()).isEmpty();
      default -> false;
    };
  }

  /** Controllers first (they bring their ports via autoconnect-slaves), then remaining ports. */
  private void flushActivations() {
    checkpoint.keepAlive();
    for (Activation b : pendingBonds) {
      activateBond(b.step(), b.bond());
    }
    for (Activation p : pendingPorts) {
      activatePort(p.step(), p.bond(), p.ifname());
    }
    pendingBonds.clear();
    pendingPorts.clear();
  }

  private void activateBond(NmStep st, String bond) {
    try {
      int state = activate(st.uuid(), bond, () -> kernel.bond(bond).isPresent());
      if (state != NmActiveConnection.STATE_ACTIVATED && kernel.bond(bond).isEmpty()) {
        if (!kernelHasBonding()) {
          markBondless(bond);
          return;
        }
        throw new HnvException(Kind.REJECTED, "bond " + bond + " did not activate (state " + state + ")");
      }
      LOG.debug("bond {} is up", bond);
    } catch (RuntimeException e) {
      if (NmErrors.noKernelBonding(e) || (!(e instanceof HnvException) && !kernelHasBonding()
          && !NmErrors.unreachable(e))) {
        markBondless(bond);
        return;
      }
      throw e;
    }
  }

  private void activatePort(NmStep st, String bond, String ifname) {
    if (bondless.contains(bond)) {
      return;
    }
    java.util.function.BooleanSupplier enslaved =
        () -> kernel.link(ifname).map(l -> l.master().equals(bond)).orElse(false);
    int state = activate(st.uuid(), st.name(), enslaved);
    if (state != NmActiveConnection.STATE_ACTIVATED && !enslaved.getAsBoolean()) {
      throw new HnvException(Kind.REJECTED, "port " + st.name() + " did not activate (state " + state + ")");
    }
    LOG.debug("port {} is up", st.name());
  }

  /**
   * Activates unless NM already has (or is bringing up) this profile; waits with a deadline until
   * it is activated, has failed, or the kernel already shows the result.
   */
  private int activate(String uuid, String name, java.util.function.BooleanSupplier reached) {
    Optional<DBusPath> active = nm.activeFor(uuid);
    DBusPath path;
    if (active.isPresent()) {
      path = active.get();
    } else {
      path = nm.activate(uuid);
      LOG.info("activating profile {} ({})", name, uuid);
    }
    return nm.awaitActivation(path, timeouts.activation(), reached);
  }

  private void markBondless(String bond) {
    bondless.add(bond);
    String w = "kernel cannot create bond " + bond + " (no bonding support): profiles saved, "
        + "bond not activated, kernel state not verified";
    LOG.warn(w);
    warnings.add(w);
  }

  private boolean kernelHasBonding() {
    return java.nio.file.Files.exists(sysfs.root().resolve("class/net/bonding_masters"));
  }

  /** A runtime sysfs change; skipped with a warning when the bond is not in the kernel. */
  private void runtime(String bond, SysfsWrite w, String what) {
    if (bondless.contains(bond) || !sysfs.exists(bond)) {
      String msg = "bond " + bond + " is not in the kernel: " + what + " saved in the profile only";
      LOG.warn(msg);
      warnings.add(msg);
      return;
    }
    try {
      w.run();
      LOG.info("set {} of bond {} at runtime", what, bond);
    } catch (IOException e) {
      throw new HnvException(Kind.REJECTED, "writing " + what + " of " + bond + ": " + e.getMessage(), e);
    }
  }

  private void warn(String w) {
    LOG.warn(w);
    warnings.add(w);
  }

  private <T> T step(String name, java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      throw NmErrors.toDomain(name, e);
    }
  }

  /** Undo: devices through the checkpoint, profiles through our snapshot (checkpoints skip those). */
  private void rollback(HnvException cause) {
    NmRollback rb = new NmRollback(nm, timeouts, checkpoint.generation());
    try {
      rb.run(checkpoint.path(), touched, snapshot, cause);
    } finally {
      if (rb.checkpointGone()) {
        checkpoint.forgetRecord();
      }
    }
  }

  /** A sysfs write that may fail. */
  @FunctionalInterface
  private interface SysfsWrite {
    void run() throws IOException;
  }
}
