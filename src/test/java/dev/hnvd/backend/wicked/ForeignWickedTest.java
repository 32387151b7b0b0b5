package dev.hnvd.backend.wicked;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.backend.UnitStates;
import dev.hnvd.model.HnvException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An admin's wicked command on our bonds, recognised from its command line; and wicked's "running". */
class ForeignWickedTest {
  private static final Set<String> OURS = Set.of("bond00001a2b", "eth2", "eth3");

  private static ForeignWicked of(List<List<String>> procs) {
    return new ForeignWicked(() -> procs, d -> { });
  }

  @Test
  void reloadOfOurBondIsBusy() {
    ForeignWicked f = of(List.of(List.of("/usr/sbin/wicked", "--timeout", "30", "ifreload", "bond00001a2b")));
    assertThat(f.busyWith(OURS)).contains("wicked --timeout 30 ifreload bond00001a2b");
  }

  @Test
  void allAndPortsCountOtherInterfacesAndReadOnlyCommandsDoNot() {
    assertThat(of(List.of(List.of("wicked", "ifup", "all"))).busyWith(OURS)).isPresent();
    assertThat(of(List.of(List.of("/sbin/wicked", "ifdown", "eth3"))).busyWith(OURS)).isPresent();
    assertThat(of(List.of(List.of("/usr/sbin/wicked", "ifup", "eth9"))).busyWith(OURS)).isEmpty();
    assertThat(of(List.of(List.of("/usr/sbin/wicked", "ifstatus", "bond00001a2b"))).busyWith(OURS)).isEmpty();
    assertThat(of(List.of(List.of("/usr/sbin/wickedd", "--foreground"))).busyWith(OURS)).isEmpty();
    assertThat(of(List.of(List.of("/usr/bin/vi", "ifup", "bond00001a2b"))).busyWith(OURS)).isEmpty();
  }

  @Test
  void waitsUntilTheAdminCommandEnds() {
    AtomicInteger polls = new AtomicInteger();
    List<List<String>> running = List.of(List.of("wicked", "ifreload", "bond00001a2b"));
    ForeignWicked f = new ForeignWicked(() -> polls.incrementAndGet() < 4 ? running : List.of(), d -> { });
    f.awaitIdle(OURS, Duration.ofSeconds(60));
    assertThat(polls.get()).isEqualTo(4);
  }

  @Test
  void aHangingAdminCommandDoesNotBlockForever() {
    List<Duration> slept = new ArrayList<>();
    ForeignWicked f = new ForeignWicked(() -> List.of(List.of("wicked", "ifup", "all")), slept::add);
    Duration waited = f.awaitIdle(OURS, Duration.ZERO);
    assertThat(waited).isGreaterThanOrEqualTo(Duration.ZERO);
    assertThat(slept).isEmpty();
  }

  @Test
  void systemdDecidesWhenItKnowsWickedServiceElseWickeddOnTheBus() {
    UnitStates active = n -> new UnitStates.Unit(n, n, "loaded", "active");
    UnitStates stopped = n -> new UnitStates.Unit(n, n, "loaded", "inactive");
    UnitStates none = UnitStates.Unit::notFound;
    UnitStates unreachable = n -> {
      throw new HnvException(HnvException.Kind.UNREACHABLE, "no systemd");
    };
    assertThat(ServiceState.of(active, () -> false).wickedActive()).isTrue();
    assertThat(ServiceState.of(stopped, () -> true).wickedActive()).isFalse();
    assertThat(ServiceState.of(none, () -> true).wickedActive()).isTrue();
    assertThat(ServiceState.of(unreachable, () -> true).wickedActive()).isTrue();
    assertThat(ServiceState.of(unreachable, () -> false).wickedActive()).isFalse();
    assertThat(ServiceState.of(none, () -> {
      throw new HnvException(HnvException.Kind.UNREACHABLE, "no bus");
    }).wickedActive()).isFalse();
  }
}
