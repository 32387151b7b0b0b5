package dev.hnvd.cli;

import dev.hnvd.json.Json;
import dev.hnvd.model.HnvException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error as {@code hnvctl --json} prints it: one JSON object on stdout, {@code code} and
 * {@code message}, so a script parses every answer the same way and tells failure by the exit
 * status. The codes are the DynamicRM commands' (hcnmgr's error codes): 22 for a bad command
 * line, the kind's code for a domain error, 1 for anything unforeseen.
 */
final class JsonError {
  /** E_INVAL: the command line itself is wrong. */
  static final int USAGE = HnvException.Kind.INVALID.code();
  /** No domain kind: an unforeseen failure, still one object. */
  static final int UNEXPECTED = 1;

  private JsonError() {}

  static String of(Exception ex) {
    if (ex instanceof HnvException h) {
      return write(h.kind().code(), h.getMessage());
    }
    if (ex instanceof IllegalArgumentException) {
      return write(USAGE, "Invalid argument: " + ex.getMessage());
    }
    return write(UNEXPECTED, ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
  }

  static String badUsage(String message) {
    return write(USAGE, message);
  }

  static String write(int code, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", code);
    m.put("message", message == null ? "" : message);
    return Json.write(m);
  }
}
