package dev.hnvd.plan;

import java.util.Map;

/**
 * The bond options hnvd wants, and normalisation of what managers and the kernel report ("1" and
 * "active-backup" are the same mode; "2", "follow" and the kernel's "follow 2" the same
 * fail_over_mac).
 */
public final class BondOptions {
  public static final String MODE = "active-backup";
  public static final String MIIMON = "100";
  public static final String FAIL_OVER_MAC = "follow";

  private BondOptions() {}

  /** Desired options for a bond, with the primary when one is known. */
  public static Map<String, String> desired(String primary) {
    if (primary == null || primary.isEmpty()) {
      return Map.of("mode", MODE, "miimon", MIIMON, "fail_over_mac", FAIL_OVER_MAC);
    }
    return Map.of("mode", MODE, "miimon", MIIMON, "fail_over_mac", FAIL_OVER_MAC, "primary", primary);
  }

  /** Canonical mode name for "1", "active-backup", "active-backup 1". */
  public static String mode(String value) {
    String v = firstWord(value);
    return switch (v) {
      case "0" -> "balance-rr";
      case "1" -> "active-backup";
      case "2" -> "balance-xor";
      case "3" -> "broadcast";
      case "4" -> "802.3ad";
      case "5" -> "balance-tlb";
      case "6" -> "balance-alb";
      default -> v;
    };
  }

  /** Canonical fail_over_mac name for "0", "2", "follow", "follow 2". */
  public static String failOverMac(String value) {
    String v = firstWord(value);
    return switch (v) {
      case "0" -> "none";
      case "1" -> "active";
      case "2" -> "follow";
      default -> v;
    };
  }

  private static String firstWord(String value) {
    if (value == null) {
      return "";
    }
    String v = value.strip();
    int space = v.indexOf(' ');
    return space < 0 ? v : v.substring(0, space);
  }
}
