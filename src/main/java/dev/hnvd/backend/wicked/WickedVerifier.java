package dev.hnvd.backend.wicked;

import dev.hnvd.model.BondState;
import dev.hnvd.model.HnvException;
import dev.hnvd.plan.BondOptions;
import dev.hnvd.platform.KernelView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Checks that the kernel shows what the written bond files say: the bond exists in active-backup
 * mode, every configured slave whose interface exists is enslaved, and the primary is the one
 * configured. Polls, because wicked returns before the kernel and udev have settled (bonding
 * enslaves asynchronously, and a port can take a moment to come up); the deadline is bounded.
 */
final class WickedVerifier {
  private static final long POLL_MILLIS = 200;

  private final KernelView kernel;
  private final Duration deadline;

  WickedVerifier(KernelView kernel, Duration deadline) {
    this.kernel = kernel;
    this.deadline = deadline;
  }

  /** Returns when every bond checks out; throws VERIFY_FAILED with what is still wrong. */
  void await(Collection<String> bonds, IfcfgChanges files) {
    if (bonds.isEmpty()) {
      return;
    }
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      List<String> problems = new ArrayList<>();
      for (String bond : bonds) {
        files.get(WickedTranslator.fileOf(bond)).ifPresent(f -> problems.addAll(check(bond, f)));
      }
      if (problems.isEmpty()) {
        return;
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new HnvException(HnvException.Kind.VERIFY_FAILED,
            "the kernel did not reach the planned state within " + deadline.toMillis() + " ms: "
                + String.join("; ", problems));
      }
      try {
        Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HnvException(HnvException.Kind.VERIFY_FAILED, "interrupted while verifying", e);
      }
    }
  }

  /** What the kernel still gets wrong about one bond; empty when it matches the file. */
  List<String> check(String bond, IfcfgFile f) {
    Optional<BondState> state = kernel.bond(bond);
    if (state.isEmpty()) {
      return List.of(bond + " does not exist in the kernel");
    }
    List<String> problems = new ArrayList<>();
    BondState b = state.get();
    if (!BondOptions.mode(b.mode()).equals(BondOptions.MODE)) {
      problems.add(bond + " is in mode '" + b.mode() + "', not " + BondOptions.MODE);
    }
    for (String slave : WickedProfileBuilder.slaves(f)) {
      // A port whose interface does not exist yet (pending hotplug) cannot be enslaved: not an error.
      if (kernel.link(slave).isPresent() && !b.slaves().contains(slave)) {
        problems.add(slave + " is not enslaved to " + bond);
      }
    }
    Optional<String> primary = WickedProfileBuilder.primary(f);
    if (primary.isPresent() && b.slaves().contains(primary.get()) && !primary.get().equals(b.primary())) {
      problems.add(bond + " has primary '" + b.primary() + "', not " + primary.get());
    }
    return problems;
  }
}
