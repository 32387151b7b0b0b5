package dev.hnvd.backend.nm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NetworkManager's {@code Version} property, and the features hnvd picks by it. We read
 * {@code Version} rather than {@code VersionInfo}, which only exists since 1.42.
 */
record NmVersion(int major, int minor, int micro) implements Comparable<NmVersion> {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

  /**
   * AddConnection2 (one complete add) appeared in 1.20; older NM is refused when the backend
   * connects, so nothing below assumes less. (The product is supported on NM 1.30 and later.)
   */
  static final NmVersion MINIMUM = new NmVersion(1, 20, 0);

  static NmVersion parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("unparsable NetworkManager version '" + text + "'");
    }
    return new NmVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  /** ipv6.method "disabled" (since 1.20, so on every supported NM). */
  String ipv6Off() {
    return "disabled";
  }

  /** Update2 flags for a profile change: to-disk, plus no-reapply (1.20) so NM leaves the device alone. */
  int update2Flags() {
    return NmFlags.TO_DISK | NmFlags.NO_REAPPLY;
  }

  /**
   * Checkpoint flags. DELETE_NEW_CONNECTIONS (1.12) makes NM's own auto-rollback (if hnvd dies
   * mid-transaction) remove the profiles we had added. Nothing newer is sent: 1.30 accepts unknown
   * flags silently while 1.42 rejects them, so only flags every supported version knows are safe.
   */
  int checkpointFlags() {
    return NmFlags.CHECKPOINT_DELETE_NEW_CONNECTIONS;
  }

  @Override
  public int compareTo(NmVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(micro, o.micro);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + micro;
  }
}
