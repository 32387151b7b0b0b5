package dev.hnvd.backend.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.model.BondState;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.HnvException;
import dev.hnvd.model.Link;
import dev.hnvd.plan.Action;
import dev.hnvd.platform.KernelView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kernel verification after apply, against a fixed kernel picture. */
class NmVerifierTest {
  static final HcnId ID = new HcnId(7);
  static final String B = ID.bondName();

  /**
   * bond00000007 (active-backup, primary eth1, active eth1)
   *  +- eth1
   *  +- eth2
   * eth3 (free)
   */
  static final KernelView KERNEL = new KernelView() {
    final Map<String, Link> links = Map.of(
        "eth1", new Link("eth1", true, "up", B, "02:00:00:00:00:01"),
        "eth2", new Link("eth2", true, "up", B, "02:00:00:00:00:01"),
        "eth3", new Link("eth3", true, "up", "", "02:00:00:00:00:03"));
    final BondState bond = new BondState(B, "active-backup", List.of("eth1", "eth2"), "eth1", "eth1", "follow", 100);

    public Map<String, Link> links() {
      return links;
    }

    public Optional<Link> link(String n) {
      return Optional.ofNullable(links.get(n));
    }

    public Map<String, BondState> bonds() {
      return Map.of(B, bond);
    }

    public Optional<BondState> bond(String n) {
      return Optional.ofNullable(bonds().get(n));
    }
  };

  static List<NmStep> steps(Action... a) {
    return java.util.Arrays.stream(a).map(NmStep::runtimeOnly).toList();
  }

  @Test
  void plannedStateReached_passes() {
    new NmVerifier(KERNEL, Duration.ZERO).verify(steps(
        new Action.CreateBond(ID, B, Optional.of("eth1"), Optional.empty()),
        new Action.AddPort(ID, B, "eth2"),
        new Action.SetPrimary(ID, B, "eth1"),
        new Action.SelectActive(ID, B, "eth1"),
        new Action.RemovePort(ID, B, "eth3", "k")), Set.of());
  }

  @Test
  void missingEnslavementAndWrongPrimary_areNamed() {
    var v = new NmVerifier(KERNEL, Duration.ZERO);
    assertThat(v.check(steps(new Action.AddPort(ID, B, "eth3"), new Action.SetPrimary(ID, B, "eth2")), Set.of()))
        .containsExactly("eth3 is not enslaved to " + B, B + " primary is 'eth1', not eth2");
    assertThatThrownBy(() -> v.verify(steps(new Action.AddPort(ID, B, "eth3")), Set.of()))
        .isInstanceOfSatisfying(HnvException.class,
            e -> assertThat(e.kind()).isEqualTo(HnvException.Kind.VERIFY_FAILED));
  }

  @Test
  void bondsTheKernelCannotCreate_areSkipped() {
    var v = new NmVerifier(KERNEL, Duration.ZERO);
    assertThat(v.check(steps(
        new Action.CreateBond(ID, "bond00000008", Optional.empty(), Optional.empty()),
        new Action.AddPort(ID, "bond00000008", "eth3")), Set.of("bond00000008"))).isEmpty();
  }
}
