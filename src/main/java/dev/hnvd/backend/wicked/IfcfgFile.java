package dev.hnvd.backend.wicked;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A sysconfig {@code ifcfg-*} file held losslessly: every physical line keeps its exact text, so
 * parsing then serialising gives back identical bytes, and changing one key rewrites only the value
 * part of that one line (its prefix, trailing comment and position survive). Values are read the way
 * a shell would read a plain assignment ({@code '…'}, {@code "…"}, bare words cut at whitespace or
 * {@code #}) but nothing is ever evaluated. Immutable: every change returns a new instance.
 *
 * <p>Bytes are decoded as ISO-8859-1 so that any byte sequence (UTF-8 in a YaST {@code NAME='…'},
 * stray binary) survives a round trip unchanged.
 */
final class IfcfgFile {

  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * One physical line (without its {@code \n}). For an assignment, {@code key} is set and the value
   * text occupies {@code [valueStart, valueEnd)} of {@code text} and the key starts at
   * {@code keyStart}; otherwise {@code key} is null.
   */
  private record Line(String text, String key, String value, int keyStart, int valueStart, int valueEnd) {
    static Line verbatim(String text) {
      return new Line(text, null, null, -1, -1, -1);
    }
  }

  /** An assignment as seen from outside: its line number (0-based), key and parsed value. */
  record Entry(int line, String key, String value) {}

  private final List<Line> lines;
  private final boolean finalNewline;

  private IfcfgFile(List<Line> lines, boolean finalNewline) {
    this.lines = List.copyOf(lines);
    this.finalNewline = finalNewline;
  }

  static IfcfgFile empty() {
    return new IfcfgFile(List.of(), true);
  }

  static IfcfgFile parse(byte[] bytes) {
    return parse(new String(bytes, StandardCharsets.ISO_8859_1));
  }

  static IfcfgFile parse(String text) {
    List<Line> out = new ArrayList<>();
    if (text.isEmpty()) {
      return new IfcfgFile(out, false);
    }
    String[] parts = text.split("\n", -1);
    boolean finalNewline = parts[parts.length - 1].isEmpty();
    int n = finalNewline ? parts.length - 1 : parts.length;
    for (int i = 0; i < n; i++) {
      out.add(parseLine(parts[i]));
    }
    return new IfcfgFile(out, finalNewline);
  }

  /** Parses one line; anything that is not a plain assignment is kept verbatim and ignored. */
  private static Line parseLine(String text) {
    // A CRLF file keeps its \r in the line text; it is not part of the value.
    int end = text.endsWith("\r") ? text.length() - 1 : text.length();
    int i = 0;
    while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    if (text.startsWith("export", i) && i + 6 < end
        && (text.charAt(i + 6) == ' ' || text.charAt(i + 6) == '\t')) {
      i += 6;
      while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
    }
    int eq = text.indexOf('=', i);
    if (eq < 0 || eq >= end || !KEY.matcher(text.substring(i, eq)).matches()) {
      return Line.verbatim(text);
    }
    StringBuilder value = new StringBuilder();
    int j = eq + 1;
    while (j < end) {
      char c = text.charAt(j);
      if (c == ' ' || c == '\t' || c == '#') {
        break;
      } else if (c == '\'') {
        int close = text.indexOf('\'', j + 1);
        int stop = close < 0 || close >= end ? end : close;
        value.append(text, j + 1, stop);
        j = stop == end ? end : stop + 1;
      } else if (c == '"') {
        j = readDoubleQuoted(text, j + 1, end, value);
      } else if (c == '\\' && j + 1 < end) {
        value.append(text.charAt(j + 1));
        j += 2;
      } else {
        value.append(c);
        j++;
      }
    }
    return new Line(text, text.substring(i, eq), value.toString(), i, eq + 1, j);
  }

  /** Reads a double-quoted segment starting after the quote; returns the index after the close. */
  private static int readDoubleQuoted(String text, int from, int end, StringBuilder value) {
    int j = from;
    while (j < end) {
      char c = text.charAt(j);
      if (c == '"') {
        return j + 1;
      }
      if (c == '\\' && j + 1 < end && "\"\\$`".indexOf(text.charAt(j + 1)) >= 0) {
        value.append(text.charAt(j + 1));
        j += 2;
      } else {
        value.append(c);
        j++;
      }
    }
    return end; // unterminated: the rest of the line, rather than guessing across lines
  }

  /** The exact bytes this file serialises to. */
  byte[] toBytes() {
    return text().getBytes(StandardCharsets.ISO_8859_1);
  }

  String text() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(lines.get(i).text());
    }
    if (finalNewline && !lines.isEmpty()) {
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * The value of the last assignment of {@code key} (the shell's "last one wins"), its bytes read
   * as UTF-8 (an interface called {@code café} is {@code caf\xc3\xa9} to the kernel and to
   * wicked); bytes that are not UTF-8 come back one char per byte.
   */
  Optional<String> get(String key) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (key.equals(lines.get(i).key())) {
        return Optional.of(utf8(lines.get(i).value()));
      }
    }
    return Optional.empty();
  }

  /** Held text (one char per byte) read as UTF-8 where its bytes are UTF-8. */
  private static String utf8(String held) {
    for (int i = 0; i < held.length(); i++) {
      if (held.charAt(i) >= 0x80) {
        try {
          return StandardCharsets.UTF_8.newDecoder()
              .decode(java.nio.ByteBuffer.wrap(held.getBytes(StandardCharsets.ISO_8859_1)))
              .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
          return held;
        }
      }
    }
    return held;
  }

  /** A value as the file holds it: its UTF-8 bytes, one char per byte. */
  private static String held(String value) {
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  String getOr(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  /** The value as written (quotes included) of the last assignment of {@code key}. */
  Optional<String> rawValue(String key) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      Line l = lines.get(i);
      if (key.equals(l.key())) {
        return Optional.of(l.text().substring(l.valueStart(), l.valueEnd()));
      }
    }
    return Optional.empty();
  }

  boolean has(String key) {
    return get(key).isPresent();
  }

  /** Sets {@code key} to {@code value}, single-quoted; see {@link #setRaw}. */
  IfcfgFile set(String key, String value) {
    return setRaw(key, quote(held(value)));
  }

  /**
   * Sets the value text of {@code key} exactly as given (already quoted). The last assignment of the
   * key is rewritten in place, keeping its prefix and trailing comment; a new key is appended.
   */
  IfcfgFile setRaw(String key, String raw) {
    checkKey(key);
    if (raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("value for " + key + " contains a line break");
    }
    List<Line> out = new ArrayList<>(lines);
    for (int i = out.size() - 1; i >= 0; i--) {
      Line l = out.get(i);
      if (key.equals(l.key())) {
        String text = l.text().substring(0, l.valueStart()) + raw + l.text().substring(l.valueEnd());
        out.set(i, parseLine(text));
        return new IfcfgFile(out, finalNewline);
      }
    }
    out.add(parseLine(key + "=" + raw));
    return new IfcfgFile(out, true);
  }

  /** Every assignment in file order, duplicates included. */
  List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).key() != null) {
        out.add(new Entry(i, lines.get(i).key(), utf8(lines.get(i).value())));
      }
    }
    return out;
  }

  /** Renames the key of the assignment on {@code line}, keeping its value text and the rest. */
  IfcfgFile withKeyAt(int line, String newKey) {
    checkKey(newKey);
    Line l = lines.get(line);
    if (l.key() == null) {
      throw new IllegalArgumentException("line " + line + " is not an assignment");
    }
    List<Line> out = new ArrayList<>(lines);
    String t = l.text();
    out.set(line, parseLine(t.substring(0, l.keyStart()) + newKey + t.substring(l.valueStart() - 1)));
    return new IfcfgFile(out, finalNewline);
  }

  /** Drops one physical line. */
  IfcfgFile withoutLine(int line) {
    List<Line> out = new ArrayList<>(lines);
    out.remove(line);
    return new IfcfgFile(out, finalNewline);
  }

  /** Removes every assignment of {@code key}; other lines stay where they are. */
  IfcfgFile remove(String key) {
    List<Line> out = new ArrayList<>(lines);
    out.removeIf(l -> key.equals(l.key()));
    return new IfcfgFile(out, finalNewline);
  }

  /** Appends a comment line (for a person reading the file; never parsed back). */
  IfcfgFile appendComment(String comment) {
    if (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("comment contains a line break");
    }
    List<Line> out = new ArrayList<>(lines);
    out.add(Line.verbatim("# " + comment));
    return new IfcfgFile(out, true);
  }

  /**
   * Single quotes: nothing inside is special to wicked's parser or a shell. A value that itself
   * holds a quote or control character cannot be written safely that way and is refused.
   */
  static String quote(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\'' || c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            "value '" + value.replaceAll("\\p{Cntrl}", "?") + "' cannot be written to an ifcfg file");
      }
    }
    return "'" + value + "'";
  }

  private static void checkKey(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not an ifcfg key: " + key);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IfcfgFile f && f.text().equals(text());
  }

  @Override
  public int hashCode() {
    return text().hashCode();
  }

  @Override
  public String toString() {
    return text();
  }
}
