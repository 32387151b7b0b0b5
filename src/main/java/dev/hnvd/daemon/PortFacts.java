package dev.hnvd.daemon;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the path watcher reads about interfaces (sysfs, /proc/net/route) and the probe's target:
 * small files read on each look, never cached (an interface renamed or re-created changes them).
 */
final class PortFacts {
  private final Path sysfs;
  private final Optional<String> target;

  /** @param target HNVD_PATH_TARGET: the address the probes ask for (else the bond's gateway) */
  PortFacts(Path sysfs, Optional<String> target) {
    this.sysfs = sysfs;
    this.target = target;
  }

  /** The probe's target: HNVD_PATH_TARGET, else the bond's default gateway, else 0.0.0.0. */
  byte[] targetOf(String bond) {
    if (target.isPresent()) {
      byte[] t = ipv4(target.get());
      if (t != null) {
        return t;
      }
    }
    return gateway(Path.of("/proc/net/route"), bond).orElse(new byte[4]);
  }

  /** Dotted IPv4 as 4 bytes, or null when it is not one. */
  static byte[] ipv4(String s) {
    String[] parts = s.strip().split("\\.");
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    try {
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v < 0 || v > 255) {
          return null;
        }
        out[i] = (byte) v;
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return out;
  }

  /** The default route's gateway through {@code bond}, from /proc/net/route (host byte order). */
  static Optional<byte[]> gateway(Path route, String bond) {
    try {
      for (String line : Files.readAllLines(route, StandardCharsets.US_ASCII)) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[0].equals(bond) && f[1].equals("00000000") && !f[2].equals("00000000")) {
          int v = Integer.parseUnsignedInt(f[2], 16);
          if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            v = Integer.reverseBytes(v);
          }
          return Optional.of(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The port's receive counter ({@code statistics/rx_packets}), empty when unreadable. */
  Optional<Long> counter(String port) {
    try {
      return Optional.of(Long.parseLong(Files.readString(
          sysfs.resolve("class/net").resolve(port).resolve("statistics/rx_packets")).strip()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The interface's index, -1 when it is gone. */
  int ifindex(String name) {
    try {
      return Integer.parseInt(Files.readString(sysfs.resolve("class/net").resolve(name).resolve("ifindex")).strip());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The interface's MAC, null when unreadable. */
  byte[] mac(String bond) {
    try {
      String[] p = Files.readString(sysfs.resolve("class/net").resolve(bond).resolve("address")).strip().split(":");
      if (p.length != 6) {
        return null;
      }
      byte[] out = new byte[6];
      for (int i = 0; i < 6; i++) {
        out[i] = (byte) Integer.parseInt(p[i], 16);
      }
      return out;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The loopback's ifindex (1), for a permission check that hears next to nothing. */
  int loopback() {
    try {
      return Integer.parseInt(Files.readString(sysfs.resolve("class/net/lo/ifindex")).strip());
    } catch (IOException | RuntimeException e) {
      return 1;
    }
  }
}
