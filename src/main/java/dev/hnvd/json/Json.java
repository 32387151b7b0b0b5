package dev.hnvd.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for our own output ({@code --json}, the state file, Status()): maps, lists,
 * strings, numbers, booleans, null. Not a general parser: it reads what it writes.
 */
public final class Json {
  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  public static String write(Object v) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, 0, true);
    return sb.toString();
  }

  /** One line, no indentation: for JSON-lines streams ({@code hnvctl events --json}). */
  public static String line(Object v) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, 0, false);
    return sb.toString();
  }

  /** Parses one value; throws IllegalArgumentException naming the offset on bad input. */
  public static Object parse(String text) {
    Json p = new Json(text);
    Object v = p.value();
    p.ws();
    if (p.i != p.s.length()) {
      throw p.error("trailing characters");
    }
    return v;
  }

  private static void write(StringBuilder sb, Object v, int depth, boolean pretty) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String str) {
      string(sb, str);
    } else if (v instanceof Boolean || v instanceof Number) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      String sep = pretty ? "\n" : "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(sep).append(pretty ? "  ".repeat(depth + 1) : "");
        string(sb, String.valueOf(e.getKey()));
        sb.append(pretty ? ": " : ":");
        write(sb, e.getValue(), depth + 1, pretty);
        sep = pretty ? ",\n" : ",";
      }
      sb.append(m.isEmpty() || !pretty ? "" : "\n" + "  ".repeat(depth)).append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      String sep = "";
      for (Object o : c) {
        sb.append(sep);
        write(sb, o, depth + 1, pretty);
        sep = pretty ? ", " : ",";
      }
      sb.append(']');
    } else {
      string(sb, v.toString());
    }
  }

  private static void string(StringBuilder sb, String str) {
    sb.append('"');
    for (char c : str.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private Object value() {
    ws();
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{' -> {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (peek('}')) {
          return m;
        }
        do {
          ws();
          String k = str();
          ws();
          expect(':');
          m.put(k, value());
          ws();
        } while (peek(','));
        expect('}');
        return m;
      }
      case '[' -> {
        i++;
        List<Object> l = new ArrayList<>();
        ws();
        if (peek(']')) {
          return l;
        }
        do {
          l.add(value());
          ws();
        } while (peek(','));
        expect(']');
        return l;
      }
      case '"' -> {
        return str();
      }
      default -> {
        int start = i;
        while (i < s.length() && "{}[],: \t\r\n".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        String word = s.substring(start, i);
        return switch (word) {
          case "null" -> null;
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          default -> {
            try {
              yield Long.parseLong(word);
            } catch (NumberFormatException e) {
              throw error("bad literal '" + word + "'");
            }
          }
        };
      }
    }
  }

  private String str() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        if (i >= s.length()) {
          break;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("bad escape");
            }
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
    throw error("unterminated string");
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private boolean peek(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + i);
  }
}
