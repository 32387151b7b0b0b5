package dev.hnvd.model;

import java.util.Locale;

/** Parses the hexadecimal u32 values that DynamicRM passes on the command line. */
final class U32 {
  private U32() {}

  /**
   * Accepts 1 to 8 hex digits, any case, with an optional {@code 0x} prefix; leading zeros beyond
   * eight digits are allowed as long as the value fits in 32 bits. hcnmgr compared strings and so
   * rejected {@code 0x20000011} and upper case; we compare numbers.
   */
  static int parse(String what, String text) {
    if (text == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    String s = text.strip();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException(what + " '" + text + "' is empty, expected up to 8 hex digits");
    }
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0 || s.charAt(i) > 0x7f) {
        throw new IllegalArgumentException(
            what + " '" + text + "' is not hexadecimal (bad character at position " + (i + 1) + ")");
      }
      value = (value << 4) | d;
      if (value > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException(what + " '" + text + "' does not fit in 32 bits");
      }
    }
    return (int) value;
  }

  static String hex8(int value) {
    return String.format(Locale.ROOT, "%08x", Integer.toUnsignedLong(value));
  }
}
