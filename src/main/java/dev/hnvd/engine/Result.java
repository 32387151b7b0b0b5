package dev.hnvd.engine;

import java.util.List;

/**
 * A successful command's answer: the lines to print, and how many profile writes it took (zero
 * when the system was already converged). Failures are thrown as HnvException.
 */
public record Result(List<Line> lines, int writes) {
  public Result {
    lines = List.copyOf(lines);
  }
}
