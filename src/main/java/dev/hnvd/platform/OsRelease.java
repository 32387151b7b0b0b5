package dev.hnvd.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The distribution from {@code os-release}: decides e.g. wicked (SUSE) versus NetworkManager.
 *
 * @param id {@code ID}, e.g. rhel, sles; empty if unknown
 * @param versionId {@code VERSION_ID}, e.g. 9.4; empty if unknown
 * @param idLike {@code ID_LIKE} split on spaces
 * @param prettyName {@code PRETTY_NAME}; empty if unknown
 */
public record OsRelease(String id, String versionId, List<String> idLike, String prettyName) {

  public OsRelease {
    id = Objects.requireNonNullElse(id, "");
    versionId = Objects.requireNonNullElse(versionId, "");
    idLike = idLike == null ? List.of() : List.copyOf(idLike);
    prettyName = Objects.requireNonNullElse(prettyName, "");
  }

  /** Reads {@code <root>/etc/os-release}, falling back to {@code <root>/usr/lib/os-release}. */
  public static OsRelease read(Roots roots) {
    for (String where : List.of("/etc/os-release", "/usr/lib/os-release")) {
      Path file = roots.resolve(where);
      if (Files.isRegularFile(file)) {
        try {
          return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
          // Unreadable or not UTF-8: try the fallback, else report an unknown distribution.
        }
      }
    }
    return new OsRelease("", "", List.of(), "");
  }

  /** Parses {@code KEY=value} lines; values bare, in {@code '…'} or in {@code "…"} (with escapes). */
  static OsRelease parse(String text) {
    Map<String, String> kv = new HashMap<>();
    for (String line : text.split("\\R")) {
      String l = line.strip();
      int eq = l.indexOf('=');
      if (l.isEmpty() || l.startsWith("#") || eq <= 0) {
        continue;
      }
      kv.put(l.substring(0, eq).strip(), unquote(l.substring(eq + 1).strip()));
    }
    List<String> like = Arrays.stream(kv.getOrDefault("ID_LIKE", "").split("\\s+"))
        .filter(s -> !s.isEmpty())
        .toList();
    return new OsRelease(kv.getOrDefault("ID", ""), kv.getOrDefault("VERSION_ID", ""), like,
        kv.getOrDefault("PRETTY_NAME", ""));
  }

  /** True for SUSE distributions ({@code ID} sles, sled, or containing suse, or ID_LIKE suse). */
  public boolean isSuse() {
    return id.equals("sles") || id.equals("sled") || id.contains("suse")
        || idLike.stream().anyMatch(s -> s.contains("suse"));
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '\'' && v.charAt(v.length() - 1) == '\'') {
      return v.substring(1, v.length() - 1);
    }
    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i < v.length() - 1; i++) {
        char c = v.charAt(i);
        if (c == '\\' && i + 1 < v.length() - 1) {
          c = v.charAt(++i);
        }
        sb.append(c);
      }
      return sb.toString();
    }
    // A bare value ends at whitespace or a comment, like the shell would read it.
    int cut = 0;
    while (cut < v.length() && !Character.isWhitespace(v.charAt(cut)) && v.charAt(cut) != '#') {
      cut++;
    }
    return v.substring(0, cut);
  }
}
