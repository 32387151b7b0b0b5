package dev.hnvd.daemon;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * UTC timestamps in ISO-8601 as {@link Instant#toString()} writes them
 * ({@code 2026-11-26T05:19:31.667183520Z}), for state.json and the log.
 *
 * <p>Why not Instant's own: its formatter and parser load java.time's whole formatting machinery
 * (~60 classes, half a MiB the daemon keeps resident) for one timestamp per reconcile.
 * LocalDate/LocalTime print themselves without it. Years 0000-9999 only: a reconcile happens now.
 */
final class IsoInstant {
  private IsoInstant() {}

  static String format(Instant t) {
    LocalDateTime utc = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(30).append(utc.toLocalDate()).append('T');
    LocalTime time = utc.toLocalTime();
    two(sb, time.getHour()).append(':');
    two(sb, time.getMinute()).append(':');
    two(sb, time.getSecond());
    int nano = time.getNano();
    if (nano > 0) {
      // As Instant does: milli, micro or nano digits, whichever is exact.
      String digits = Integer.toString(1_000_000_000 + nano).substring(1);
      int keep = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
      sb.append('.').append(digits, 0, keep);
    }
    return sb.append('Z').toString();
  }

  /**
   * Parses what {@link #format} and {@link Instant#toString()} write: {@code
   * YYYY-MM-DDTHH:MM:SS[.fraction]Z}, a fraction of 1-9 digits.
   *
   * @throws IllegalArgumentException anything else, saying what
   */
  static Instant parse(String s) {
    if (s == null || s.length() < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(s.length() - 1) != 'Z') {
      throw new IllegalArgumentException("not an ISO-8601 UTC timestamp: " + s);
    }
    int nano = 0;
    int end = s.length() - 1;
    if (end > 19) {
      int digits = end - 20;
      if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
        throw new IllegalArgumentException("bad fraction of a second in " + s);
      }
      nano = number(s, 20, end);
      for (int i = digits; i < 9; i++) {
        nano *= 10;
      }
    }
    try {
      LocalDate date = LocalDate.of(number(s, 0, 4), number(s, 5, 7), number(s, 8, 10));
      LocalTime time = LocalTime.of(number(s, 11, 13), number(s, 14, 16), number(s, 17, 19), nano);
      return Instant.ofEpochSecond(LocalDateTime.of(date, time).toEpochSecond(ZoneOffset.UTC), nano);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("not a real time: " + s + " (" + e.getMessage() + ")", e);
    }
  }

  private static int number(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not an ISO-8601 UTC timestamp: " + s);
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static StringBuilder two(StringBuilder sb, int n) {
    return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }
}
