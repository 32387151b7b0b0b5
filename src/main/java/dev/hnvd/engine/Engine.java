package dev.hnvd.engine;

import dev.hnvd.backend.ApplyReport;
import dev.hnvd.backend.Backend;
import dev.hnvd.model.BondState;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.Hnv;
import dev.hnvd.model.HnvException;
import dev.hnvd.model.Link;
import dev.hnvd.model.Port;
import dev.hnvd.model.PortKind;
import dev.hnvd.plan.Action;
import dev.hnvd.plan.Gate;
import dev.hnvd.plan.PathEvidence;
import dev.hnvd.plan.CurrentState;
import dev.hnvd.plan.Plan;
import dev.hnvd.plan.Profile;
import dev.hnvd.plan.Planner;
import dev.hnvd.plan.Safety;
import dev.hnvd.platform.KernelView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the DynamicRM operations: discover, read the current state, plan, apply. Stateless between
 * calls; callers serialise (the daemon per HCN id, the CLI with a file lock).
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final Supplier<Discovery> discovery;
  private final BooleanSupplier powervm;
  private final KernelView kernel;
  private final BackendFactory backends;
  private final Duration resolveDeadline;
  private final LinkWait links;
  private volatile ApplyObserver applies = ApplyObserver.NONE;
  private final PathWatch paths;
  private final Gate.Policy policy;
  private final java.time.Clock clock;

  /**
   * The longest wait between two looks for a hot-added device's interface even when link events
   * exist: netlink drops messages when its queue overflows (ENOBUFS), so an event alone is not
   * trusted to come.
   */
  static final Duration RECHECK = Duration.ofSeconds(1);

  public Engine(Supplier<Discovery> discovery, KernelView kernel, BackendFactory backends,
      Duration resolveDeadline, LinkWait links) {
    this(discovery, () -> discovery.get().powervm(), kernel, backends, resolveDeadline, links);
  }

  /**
   * @param powervm answers "is this a PowerVM LPAR" without a whole discovery (every DynamicRM
   *     command asks first)
   * @param links what a hot-added device's wait for its interface wakes on
   */
  public Engine(Supplier<Discovery> discovery, BooleanSupplier powervm, KernelView kernel,
      BackendFactory backends, Duration resolveDeadline, LinkWait links) {
    this(discovery, powervm, kernel, backends, resolveDeadline, links,
        PathWatch.none("no path watcher"), Gate.Policy.PATH, java.time.Clock.systemUTC());
  }

  /**
   * @param paths the LPM gate's path evidence (the daemon's kept evidence, a one-shot look)
   * @param policy the site's gate policy (path or carrier, {@link GateConfig})
   * @param clock the instant the gate compares the evidence with
   */
  public Engine(Supplier<Discovery> discovery, BooleanSupplier powervm, KernelView kernel,
      BackendFactory backends, Duration resolveDeadline, LinkWait links, PathWatch paths,
      Gate.Policy policy, java.time.Clock clock) {
    this.discovery = discovery;
    this.powervm = powervm;
    this.kernel = kernel;
    this.backends = backends;
    this.resolveDeadline = resolveDeadline;
    this.links = links;
    this.paths = paths;
    this.policy = policy;
    this.clock = clock;
  }

  /** Who hears how each apply transaction ended (the daemon's metrics); one at a time. */
  public void observeApplies(ApplyObserver observer) {
    this.applies = observer == null ? ApplyObserver.NONE : observer;
  }

  /** Whether this is a PowerVM LPAR, the only place HNV exists. */
  public boolean powervm() {
    return powervm.getAsBoolean();
  }

  public Discovery discover() {
    return discovery.get();
  }

  public KernelView kernel() {
    return kernel;
  }

  /**
   * The profiles the connection manager holds now, through this engine's backend (the daemon
   * records ours in its state file).
   */
  public List<Profile> profiles() {
    try (Backend backend = backends.open()) {
      return backend.profiles();
    }
  }

  /**
   * Each HNV as it is now. The connection manager's profiles are included when it answers; when it
   * does not, the kernel's view is still reported and the report says why.
   */
  public StatusReport status() {
    Discovery d = discover();
    Optional<List<Profile>> profiles;
    String backend;
    try (Backend b = backends.open()) {
      profiles = Optional.of(b.profiles());
      backend = b.describe();
    } catch (HnvException ex) {
      profiles = Optional.empty();
      backend = "unavailable (" + ex.getMessage() + ")";
    }
    Map<String, BondState> bonds = kernel.bonds();
    // The gate's view per port and per VF: the same evidence and rule hcnqrydev uses, one look per
    // bond (a look without the daemon may take a probe's round trip).
    Map<String, PathEvidence> looked = new HashMap<>();
    List<MigrationCheck.VfVerdict> verdicts = migrationSafety(d, looked);
    Map<String, StatusReport.Path> pathOf = new HashMap<>();
    Instant at = clock.instant();
    for (Map.Entry<String, PathEvidence> l : looked.entrySet()) {
      PathEvidence e = l.getValue();
      BondState b = bonds.get(l.getKey());
      for (String s : b == null ? List.<String>of() : b.slaves()) {
        pathOf.put(s, new StatusReport.Path(e.known() ? e.describe(s, at) : "not checked: " + e.unknownWhy().get(),
            e.seen(s).map(PathEvidence.Seen::at).orElse(null), e.alive(s, at, Gate.WINDOW)));
      }
    }
    return StatusReport.of(d, kernel.links(), bonds, profiles, backend, pathOf, verdicts);
  }

  /** Whether a live migration now would drop an HNV: every VF asked the hcnqrydev question. */
  public MigrationCheck migrationCheck() {
    Discovery d = discover();
    return new MigrationCheck(migrationSafety(d), d.vpmem(), d.hnvs().size());
  }

  /** Ends a backend connection kept open for this engine's life (the daemon's), if any. */
  @Override
  public void close() {
    if (backends instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        log.debug("closing the backend: {}", e.toString());
      }
    }
  }

  /** hcncfgdrc: add the device's port to its HNV, creating the bond if needed, VF primary. */
  public Outcome configure(DrcIndex drc) {
    Located dev = locateResolved(drc);
    List<HmcLine> lines = new ArrayList<>();
    lines.add(HmcLine.info("configuring " + dev.port().kind().label() + " " + dev.port().ofPath()
        + " (" + dev.port().ifname().orElseThrow() + ") of HNV " + dev.hnv().id()));
    try (Backend backend = backends.open()) {
      CurrentState current = current(backend);
      Plan plan = Planner.converge(dev.hnv(), dev.discovery(), current);
      return apply(backend, plan, lines);
    }
  }

  /** hcnrmdev: move traffic off the device if it is active, then remove its port. */
  public Outcome removeDevice(DrcIndex drc, HcnId hcnId) {
    Located dev = locate(drc);
    List<HmcLine> lines = new ArrayList<>();
    mismatch(dev, hcnId, lines);
    try (Backend backend = backends.open()) {
      CurrentState current = current(backend);
      Plan plan = Planner.removeDevice(dev.hnv(), dev.port(), dev.discovery(), current);
      return apply(backend, plan, lines);
    }
  }

  /** hcnrmhcn: remove the bond and its ports (ours only). */
  public Outcome removeHnv(HcnId hcnId) {
    List<HmcLine> lines = new ArrayList<>();
    try (Backend backend = backends.open()) {
      CurrentState current = current(backend);
      Plan plan = Planner.removeHnv(hcnId, discover(), current);
      return apply(backend, plan, lines);
    }
  }

  /**
   * hcnqrydev: safe (returns) or busy (throws BUSY). Reads only the device tree and the kernel, so
   * the LPM gate answers even while the connection manager is slow or restarting.
   */
  public Outcome query(DrcIndex drc, HcnId hcnId) {
    Located dev = locate(drc);
    List<HmcLine> lines = new ArrayList<>();
    mismatch(dev, hcnId, lines);
    if (dev.discovery().vpmem()) {
      throw new HnvException(HnvException.Kind.BUSY,
          "Network device busy, no backup device (vPMEM present: HNV and vPMEM cannot coexist)");
    }
    Safety.Verdict v = removable(dev.hnv().bondName(), dev.port().ifname().orElse(null));
    if (!v.safe()) {
      log.warn("qrydev {}: busy, {}", drc, v.reason());
      throw new HnvException(HnvException.Kind.BUSY,
          "Network device busy, no backup device (" + v.reason() + ")");
    }
    log.info("qrydev {}: safe to remove, {}", drc, v.reason());
    lines.add(HmcLine.info("device " + dev.port().ifname().orElse(dev.port().ofPath())
        + " can be removed: " + v.reason()));
    return new Outcome(lines, 0);
  }

  /**
   * THE LPM gate for every caller (hcnqrydev through {@link #query}, hnvctl migration-check, the
   * pmig hook through it, status, doctor, metrics): for every SR-IOV port of {@code d} that has an
   * interface, whether its bond survives the port's removal ({@link Safety}, with this engine's
   * policy and path evidence). Reads only the HNV bonds and their ports from the kernel.
   */
  public List<MigrationCheck.VfVerdict> migrationSafety(Discovery d) {
    return migrationSafety(d, new HashMap<>());
  }

  /** Like {@link #migrationSafety(Discovery)}, each bond's evidence taken once and left in {@code looked}. */
  private List<MigrationCheck.VfVerdict> migrationSafety(Discovery d, Map<String, PathEvidence> looked) {
    List<MigrationCheck.VfVerdict> out = new ArrayList<>();
    for (Hnv h : d.hnvs()) {
      for (Port p : h.ports()) {
        if (p.kind() == PortKind.SRIOV && p.ifname().isPresent()) {
          out.add(new MigrationCheck.VfVerdict(h.bondName(), p.ifname().get(),
              removable(h.bondName(), p.ifname().get(), looked)));
        }
      }
    }
    return out;
  }

  /** Whether {@code ifname} may leave {@code bond} without cutting the LPAR off (the gate's rule). */
  public Safety.Verdict removable(String bond, String ifname) {
    return removable(bond, ifname, new HashMap<>());
  }

  private Safety.Verdict removable(String bond, String ifname, Map<String, PathEvidence> looked) {
    CurrentState now = bondAndPorts(bond);
    return Safety.query(ifname, bond, now, gate(bond, now, looked));
  }

  /** The site's policy ({@code carrier} or {@code path}). */
  public Gate.Policy gatePolicy() {
    return policy;
  }

  private Gate gate(String bond, CurrentState now, Map<String, PathEvidence> looked) {
    if (policy == Gate.Policy.CARRIER) {
      return Gate.carrier();
    }
    List<String> ports = now.bond(bond).map(BondState::slaves).orElse(List.of());
    // Evidence is gathered before the instant is taken: a one-shot look's echoes are then never
    // "in the future" of the question.
    PathEvidence e = ports.isEmpty() ? PathEvidence.unknown("no bond")
        : looked.computeIfAbsent(bond, b -> paths.evidence(b, ports));
    return new Gate(policy, e, clock.instant(), Gate.WINDOW);
  }

  /**
   * The kernel facts the LPM gate needs: the bond and its ports' links, not every interface's
   * (each sysfs attribute costs a path walk, and the HMC waits on the answer).
   */
  private CurrentState bondAndPorts(String bond) {
    Map<String, BondState> bonds = new HashMap<>();
    Map<String, Link> links = new HashMap<>();
    kernel.bond(bond).ifPresent(b -> {
      bonds.put(bond, b);
      for (String s : b.slaves()) {
        kernel.link(s).ifPresent(l -> links.put(s, l));
      }
    });
    return new CurrentState(List.of(), links, bonds);
  }

  /** hcnmgr -s: full reconcile. */
  public Outcome scan() {
    return scanExcept(discover(), Set.of(), Set.of());
  }

  /**
   * A full reconcile of a discovery that leaves out devices (by DRC index) and HNVs the HMC
   * detached with hcnrmdev / hcnrmhcn while the device tree still lists them: the daemon's
   * event-driven replans must not undo those commands before the DLPAR remove.
   */
  public Outcome scanExcept(Discovery d, Set<DrcIndex> devices, Set<HcnId> hnvs) {
    Discovery view = d;
    if (!devices.isEmpty() || !hnvs.isEmpty()) {
      List<Hnv> kept = d.hnvs().stream()
          .filter(h -> !hnvs.contains(h.id()))
          .map(h -> new Hnv(h.id(), h.ports().stream().filter(p -> !devices.contains(p.drcIndex())).toList()))
          .toList();
      view = new Discovery(d.powervm(), d.vpmem(), d.migratable(), kept, d.problems());
    }
    try (Backend backend = backends.open()) {
      Plan plan = Planner.reconcile(view, current(backend));
      return apply(backend, plan, new ArrayList<>());
    }
  }

  /** What a reconcile would do, without doing it. */
  public Plan plan() {
    try (Backend backend = backends.open()) {
      return Planner.reconcile(discover(), current(backend));
    }
  }

  /** Profiles plus kernel truth, as the planner wants it. */
  public CurrentState current(Backend backend) {
    return new CurrentState(backend.profiles(), kernel.links(), kernel.bonds());
  }

  private Outcome apply(Backend backend, Plan plan, List<HmcLine> lines) {
    plan.notes().forEach(n -> {
      log.info("{}", n);
      lines.add(HmcLine.info(n));
    });
    if (plan.isEmpty()) {
      lines.add(HmcLine.info("nothing to do: converged"));
      return new Outcome(lines, 0);
    }
    ApplyReport report;
    try {
      report = backend.apply(plan);
    } catch (HnvException e) {
      applies.ended(ApplyObserver.Result.of(e.kind()));
      throw e;
    } catch (RuntimeException e) {
      applies.ended(ApplyObserver.Result.FAILED);
      throw e;
    }
    applies.ended(ApplyObserver.Result.COMMITTED);
    for (Action a : report.applied()) {
      log.info("{}: {}", a.hcnId().bondName(), a.describe());
      lines.add(HmcLine.info(a.describe()));
    }
    report.warnings().forEach(w -> lines.add(HmcLine.warn(w)));
    lines.add(HmcLine.info(report.writes() + " profile change(s)"));
    return new Outcome(lines, report.writes());
  }

  private static void mismatch(Located dev, HcnId given, List<HmcLine> lines) {
    if (given != null && !given.equals(dev.hnv().id())) {
      String text = "HCN_ID " + given + " does not match the device tree's " + dev.hnv().id()
          + "; using " + dev.hnv().id();
      log.warn("{}", text);
      lines.add(HmcLine.warn(text));
    }
  }

  /** A device found by DRC index, with its HNV and the discovery it came from. */
  record Located(Discovery discovery, Hnv hnv, Port port) {}

  /** hcnmgr's search order: SR-IOV (PHB DRC) first, then vNIC, then l-lan. */
  Located locate(DrcIndex drc) {
    Discovery d = discover();
    return find(d, drc).orElseThrow(() -> new HnvException(HnvException.Kind.NO_DEVICE,
        "Failed to find device or get device name (no HNV device with DRC index " + drc + ")"));
  }

  private static Optional<Located> find(Discovery d, DrcIndex drc) {
    List<Located> all = d.hnvs().stream()
        .flatMap(h -> h.ports().stream().filter(p -> drc.equals(p.drcIndex()))
            .map(p -> new Located(d, h, p)))
        .sorted(Comparator.comparing((Located l) -> kindOrder(l.port().kind()))
            .thenComparing(l -> l.port().ofPath()))
        .toList();
    if (all.size() > 1) {
      // hcnmgr took the first in its search order; acting on a node the HMC did not mean would
      // bond or unbond the wrong device. E_ENODEV: the DRC index does not name one device.
      throw new HnvException(HnvException.Kind.NO_DEVICE, "Failed to find device or get device name (DRC index "
          + drc + " is carried by " + all.size() + " device-tree nodes: "
          + String.join(", ", all.stream().map(l -> l.port().ofPath()).toList())
          + "; refusing to pick one, see hnvctl doctor)");
    }
    return all.stream().findFirst();
  }

  private static int kindOrder(PortKind k) {
    return switch (k) {
      case SRIOV -> 0;
      case VNIC -> 1;
      case VETH -> 2;
    };
  }

  /**
   * Like locate, but waits (bounded) for udev to give the device its interface. hcnmgr slept 15 s
   * up to 12 times per device; we re-read when a link changes (the interface's appearance or its
   * rename by udev is one), at least every {@link #RECHECK}, up to the deadline, then give up
   * clearly.
   */
  Located locateResolved(DrcIndex drc) {
    long deadline = System.nanoTime() + resolveDeadline.toNanos();
    while (true) {
      long seen = links.seen(); // before the read: a change during it ends the wait at once
      Located dev = locate(drc);
      if (dev.port().present()) {
        return dev;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new HnvException(HnvException.Kind.NO_DEVICE,
            "Failed to find device or get device name (" + dev.port().ofPath()
                + " has no network interface after " + resolveDeadline.toSeconds() + " s)");
      }
      try {
        links.await(seen, Duration.ofNanos(Math.min(left, RECHECK.toNanos())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HnvException(HnvException.Kind.NO_DEVICE, "interrupted while waiting for " + drc);
      }
    }
  }
}
