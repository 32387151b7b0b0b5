package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Our ISO-8601 timestamps against java.time's own printer and parser. */
class IsoInstantTest {
  @Property
  void formatsAsInstantDoes_andParsesBack(
      @ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long second,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nano,
      @ForAll @IntRange(min = 0, max = 3) int roundTo) {
    int n = roundTo == 0 ? nano : roundTo == 1 ? nano / 1_000_000 * 1_000_000 : roundTo == 2 ? nano / 1000 * 1000 : 0;
    Instant t = Instant.ofEpochSecond(second, n);
    assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    assertThat(IsoInstant.parse(t.toString())).isEqualTo(t);
  }

  @Test
  void readsWhatEarlierVersionsWrote_andShortFractions() {
    assertThat(IsoInstant.parse("2026-11-26T05:19:31.667183520Z")).isEqualTo(Instant.parse("2026-11-26T05:19:31.667183520Z"));
    assertThat(IsoInstant.parse("2026-11-26T05:19:31Z")).isEqualTo(Instant.parse("2026-11-26T05:19:31Z"));
    assertThat(IsoInstant.parse("2026-11-26T05:19:31.5Z")).isEqualTo(Instant.parse("2026-11-26T05:19:31.5Z"));
  }

  @Test
  void rejectsWhatIsNotATimestamp_saysWhat() {
    for (String bad : List.of("", "yesterday", "2026-11-26 05:19:31Z", "2026-11-26T05:19:31", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "2026-11-26T25:00:00Z", "2026-11-26T05:19:31.Z", "2026-11-26T05:19:31.1234567890Z",
        "2026-11-26T05:19:3xZ", "2026-11-26T05:19:31+01:00")) {
      assertThatThrownBy(() -> IsoInstant.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }
}
