package dev.hnvd.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.HnvException.Kind;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class HnvExceptionTest {
  @Test
  void retryable_onlyKindsThatCanPassWithNothingChanged() {
    EnumSet<Kind> retryable = EnumSet.noneOf(Kind.class);
    for (Kind k : Kind.values()) {
      if (k.retryable()) {
        retryable.add(k);
      }
    }
    assertThat(retryable).containsExactlyInAnyOrder(Kind.UNREACHABLE, Kind.CONFLICT, Kind.VERIFY_FAILED,
        Kind.REJECTED, Kind.ROLLBACK_FAILED, Kind.BUSY, Kind.NO_DEVICE);
    assertThat(Kind.INVALID.retryable()).isFalse();
    assertThat(Kind.NOT_PERMITTED.retryable()).as("waiting does not make the caller root").isFalse();
  }
}
