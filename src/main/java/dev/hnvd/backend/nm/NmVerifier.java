package dev.hnvd.backend.nm;

import dev.hnvd.model.BondState;
import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import dev.hnvd.model.Link;
import dev.hnvd.plan.Action;
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
      Action a = st.action();
      if (a instanceof Action.CreateBond x && !bondless.contains(x.bond())) {
        bondIs(x.bond(), out);
      } else if (a instanceof Action.ActivateBond x && !bondless.contains(x.bond())) {
        bondIs(x.bond(), out);
      } else if (a instanceof Action.AddPort x && !bondless.contains(x.bond())) {
        enslaved(x.bond(), x.ifname(), out);
      } else if (a instanceof Action.ActivatePort x && !bondless.contains(x.bond())) {
        enslaved(x.bond(), x.ifname(), out);
      } else if (a instanceof Action.SetPrimary x && !bondless.contains(x.bond())) {
        kernel.bond(x.bond()).filter(b -> !b.primary().equals(x.ifname()))
            .ifPresent(b -> out.add(x.bond() + " primary is '" + b.primary() + "', not " + x.ifname()));
      } else if (a instanceof Action.SelectActive x && !bondless.contains(x.bond())) {
        kernel.bond(x.bond()).filter(b -> !b.activeSlave().equals(x.ifname()))
            .ifPresent(b -> out.add(x.bond() + " active port is '" + b.activeSlave() + "', not " + x.ifname()));
      } else if (a instanceof Action.RemovePort x) {
        kernel.link(x.ifname()).filter(l -> l.master().equals(x.bond()))
            .ifPresent(l -> out.add(x.ifname() + " is still enslaved to " + x.bond()));
      } else if (a instanceof Action.RemoveBond x && st.write() != NmStep.Write.NONE) {
        kernel.bond(x.bond()).ifPresent(b -> out.add("bond " + x.bond() + " still exists"));
      }
    }
    return out;
  }

  private void bondIs(String bond, List<String> out) {
    Optional<BondState> b = kernel.bond(bond);
    if (b.isEmpty()) {
      out.add("bond " + bond + " does not exist");
    } else if (!b.get().mode().equals("active-backup")) {
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
