package dev.hnvd.backend.nm;

import dev.hnvd.model.BondState;
import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import dev.hnvd.model.Link;
import dev.hnvd.plan.Action;
import dev.hnvd.plan.BondOptions;
import dev.hnvd.platform.KernelView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the kernel (sysfs, through {@link KernelView}) shows what the applied steps planned.
 * Bonds the kernel cannot create are skipped (their profiles were still written).
 */
final class NmVerifier {
  private final KernelView kernel;
  private final Duration deadline;

  NmVerifier(KernelView kernel, Duration deadline) {
    this.kernel = kernel;
    this.deadline = deadline;
  }

  void verify(List<NmStep> steps, Set<String> bondless) {
    long end = System.nanoTime() + deadline.toNanos();
    List<String> failing;
    while (true) {
      failing = check(steps, bondless);
      if (failing.isEmpty()) {
        return;
      }
      if (System.nanoTime() > end) {
        break;
      }
      // A timed poll is the exception here: the kernel applies enslaving and primary changes
      // asynchronously after NM reports success, and sysfs offers no event to wait on.
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new HnvException(Kind.VERIFY_FAILED, "kernel did not reach the planned state within "
        + deadline.toMillis() + " ms: " + String.join("; ", failing));
  }

  List<String> check(List<NmStep> steps, Set<String> bondless) {
    List<String> out = new ArrayList<>();
    for (NmStep st : steps) {
      st.action().accept(new Check(st, bondless, out));
    }
    return out;
  }

  /** Adds to {@code out} what the kernel shows differently from what one step planned. */
  private final class Check implements Action.Visitor<Void> {
    private final NmStep st;
    private final Set<String> bondless;
    private final List<String> out;

    Check(NmStep st, Set<String> bondless, List<String> out) {
      this.st = st;
      this.bondless = bondless;
      this.out = out;
    }

    @Override
    public Void adopt(Action.Adopt a) {
      return null; // only the profile's mark changed
    }

    @Override
    public Void createBond(Action.CreateBond a) {
      if (!bondless.contains(a.bond())) {
        bondIs(a.bond(), out);
      }
      return null;
    }

    @Override
    public Void addPort(Action.AddPort a) {
      if (!bondless.contains(a.bond())) {
        enslaved(a.bond(), a.ifname(), out);
      }
      return null;
    }

    @Override
    public Void activateBond(Action.ActivateBond a) {
      if (!bondless.contains(a.bond())) {
        bondIs(a.bond(), out);
      }
      return null;
    }

    @Override
    public Void activatePort(Action.ActivatePort a) {
      if (!bondless.contains(a.bond())) {
        enslaved(a.bond(), a.ifname(), out);
      }
      return null;
    }

    @Override
    public Void setPrimary(Action.SetPrimary a) {
      if (!bondless.contains(a.bond())) {
        kernel.bond(a.bond()).filter(b -> !b.primary().equals(a.ifname()))
            .ifPresent(b -> out.add(a.bond() + " primary is '" + b.primary() + "', not " + a.ifname()));
      }
      return null;
    }

    @Override
    public Void selectActive(Action.SelectActive a) {
      if (!bondless.contains(a.bond())) {
        kernel.bond(a.bond()).filter(b -> !b.activeSlave().equals(a.ifname()))
            .ifPresent(b -> out.add(a.bond() + " active port is '" + b.activeSlave() + "', not " + a.ifname()));
      }
      return null;
    }

    @Override
    public Void removePort(Action.RemovePort a) {
      kernel.link(a.ifname()).filter(l -> l.master().equals(a.bond()))
          .ifPresent(l -> out.add(a.ifname() + " is still enslaved to " + a.bond()));
      return null;
    }

    @Override
    public Void removeBond(Action.RemoveBond a) {
      if (st.write() != NmStep.Write.NONE) {
        kernel.bond(a.bond()).ifPresent(b -> out.add("bond " + a.bond() + " still exists"));
      }
      return null;
    }
  }

  private void bondIs(String bond, List<String> out) {
    Optional<BondState> b = kernel.bond(bond);
    if (b.isEmpty()) {
      out.add("bond " + bond + " does not exist");
    } else if (!BondOptions.mode(b.get().mode()).equals(BondOptions.MODE)) {
      out.add("bond " + bond + " mode is " + b.get().mode());
    }
  }

  private void enslaved(String bond, String ifname, List<String> out) {
    Optional<Link> l = kernel.link(ifname);
    if (l.isEmpty()) {
      out.add(ifname + " does not exist");
    } else if (!l.get().master().equals(bond)) {
      out.add(ifname + " is not enslaved to " + bond);
    }
  }
}
