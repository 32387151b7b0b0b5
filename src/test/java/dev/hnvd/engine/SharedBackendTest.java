package dev.hnvd.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hnvd.backend.ApplyReport;
import dev.hnvd.backend.Backend;
import dev.hnvd.model.HnvException;
import dev.hnvd.plan.Plan;
import dev.hnvd.plan.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedBackendTest {
  int opened;
  int closed;
  boolean unreachable;

  final class Counting implements Backend {
    public String describe() {
      return "fake";
    }

    public List<Profile> profiles() {
      if (unreachable) {
        throw new HnvException(HnvException.Kind.UNREACHABLE, "bus gone");
      }
      return List.of();
    }

    public ApplyReport apply(Plan plan) {
      if (unreachable) {
        throw new HnvException(HnvException.Kind.REJECTED, "refused");
      }
      return ApplyReport.nothing();
    }

    public void close() {
      closed++;
    }
  }

  SharedBackend shared = new SharedBackend(() -> {
    opened++;
    return new Counting();
  });

  @Test
  void opensOnce_callersCannotCloseIt() {
    for (int i = 0; i < 3; i++) {
      try (Backend b = shared.open()) {
        b.profiles();
      }
    }
    assertThat(opened).isEqualTo(1);
    assertThat(closed).isZero();
    shared.close();
    assertThat(closed).isEqualTo(1);
  }

  @Test
  void unreachable_dropsTheConnection_nextCallerReconnects_otherErrorsKeepIt() {
    Backend b = shared.open();
    unreachable = true;
    assertThatThrownBy(() -> b.apply(new Plan(List.of(), List.of()))).isInstanceOf(HnvException.class);
    assertThat(closed).isZero();
    assertThatThrownBy(b::profiles).isInstanceOf(HnvException.class);
    assertThat(closed).isEqualTo(1);
    unreachable = false;
    assertThat(shared.open().profiles()).isEmpty();
    assertThat(opened).isEqualTo(2);
  }
}
