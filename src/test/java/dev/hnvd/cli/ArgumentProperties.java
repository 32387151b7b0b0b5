package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.HcnId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random DRC_INDEX / HCN_ID strings either parse to the right u32 or are rejected. */
class ArgumentProperties {

  @Provide
  Arbitrary<String> candidates() {
    Arbitrary<String> hexish = Arbitraries.strings().withChars("0123456789abcdefABCDEFxX -g").ofMaxLength(12);
    Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(12);
    Arbitrary<String> valid = Arbitraries.longs().between(0, 0xFFFF_FFFFL)
        .map(v -> (v % 2 == 0 ? "0x" : "") + Long.toHexString(v));
    return Arbitraries.oneOf(hexish, anything, valid);
  }

  @Property(tries = 2000)
  void parseOrReject(@ForAll("candidates") String s) {
    Long expected = reference(s);
    if (expected == null) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> DrcIndex.parse(s))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DRC_INDEX");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> HcnId.parse(s))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HCN_ID");
    } else {
      assertThat(Integer.toUnsignedLong(DrcIndex.parse(s).value())).isEqualTo(expected);
      assertThat(Integer.toUnsignedLong(HcnId.parse(s).value())).isEqualTo(expected);
      assertThat(HcnId.parse(s).bondName()).matches("bond[0-9a-f]{8}");
    }
  }

  /** An existing, empty root (a root that does not exist is an error of its own). */
  static final java.nio.file.Path EMPTY_ROOT = emptyRoot();

  private static java.nio.file.Path emptyRoot() {
    try {
      java.nio.file.Path p = java.nio.file.Files.createTempDirectory("hnvd-empty-root");
      p.toFile().deleteOnExit();
      return p;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Property(tries = 60)
  void badValuesExitOne(@ForAll("candidates") String s) {
    Run r = Run.with(java.util.Map.of("HNVD_ROOT", EMPTY_ROOT.toString()), "hcnrmhcn", "HCN_ID=" + s);
    if (reference(s) == null) {
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.out()).contains("[ERROR]:hcnrmhcn:error code 22");
    } else {
      // Valid id, but an empty root is no PowerVM LPAR: hcnmgr's answer, INFO and exit 0.
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("[INFO]:HNV is only supported on PowerVM LPAR");
    }
  }

  /** An independent oracle: strip whitespace and 0x, then 1.. hex digits up to 32 bits. */
  private static Long reference(String s) {
    String t = s.strip();
    if (t.toLowerCase().startsWith("0x")) {
      t = t.substring(2);
    }
    if (!t.matches("[0-9a-fA-F]+")) {
      return null;
    }
    String digits = t.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 8) {
      return null;
    }
    return Long.parseLong(digits, 16);
  }
}
