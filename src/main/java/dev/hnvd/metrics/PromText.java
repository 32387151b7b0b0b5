package dev.hnvd.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format (version 0.0.4), the one place it is written: each family
 * as {@code # HELP}, {@code # TYPE}, then its samples. Label values are escaped as the format
 * says; values print as integers when they are whole.
 */
public final class PromText {
  /** A metric family's type. */
  public enum Type {
    GAUGE, COUNTER;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final StringBuilder out = new StringBuilder();
  private String family;

  /** Starts a family; every sample until the next call belongs to it. */
  public PromText family(String name, Type type, String help) {
    checkName(name);
    if (type == Type.COUNTER && !name.endsWith("_total")) {
      throw new IllegalArgumentException("counter " + name + " must end in _total");
    }
    family = name;
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
        .append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type.word()).append('\n');
    return this;
  }

  /** One sample of the current family; labels in the order given. */
  public PromText sample(Map<String, String> labels, double value) {
    if (family == null) {
      throw new IllegalStateException("sample before family");
    }
    out.append(family);
    if (!labels.isEmpty()) {
      List<String> parts = new ArrayList<>();
      labels.forEach((k, v) -> {
        checkName(k);
        parts.add(k + "=\"" + escape(v) + "\"");
      });
      out.append('{').append(String.join(",", parts)).append('}');
    }
    out.append(' ').append(number(value)).append('\n');
    return this;
  }

  /** Labels as alternating names and values, in that order. */
  public static Map<String, String> labels(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  public String text() {
    return out.toString();
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static void checkName(String name) {
    if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
      throw new IllegalArgumentException("not a metric or label name: " + name);
    }
  }
}
