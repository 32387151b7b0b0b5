package dev.hnvd.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Who this process runs as: the effective uid, as the kernel states it in {@code /proc/self/status}
 * ({@code Uid:} real, effective, saved, file-system). The JDK has no call for it; reading the
 * kernel's own answer costs one small file, where jnr-posix would load a native library and a few
 * hundred classes into every DynamicRM command (docs/architecture.md, "Calls the JDK lacks").
 */
public final class ProcessUser {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessUser() {}

  /** The effective uid, empty when /proc is not mounted or says something we cannot read. */
  public static OptionalInt effectiveUid() {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("Uid:")) {
          String[] f = line.substring(4).strip().split("\\s+");
          return f.length >= 2 ? OptionalInt.of(Integer.parseInt(f[1])) : OptionalInt.empty();
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc: we cannot tell, and the command then finds out by trying.
    }
    return OptionalInt.empty();
  }

  /** False only when the kernel says we are not root; unknown counts as root (we try). */
  public static boolean root() {
    OptionalInt uid = effectiveUid();
    return uid.isEmpty() || uid.getAsInt() == 0;
  }
}
