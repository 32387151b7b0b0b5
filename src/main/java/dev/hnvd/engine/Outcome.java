package dev.hnvd.engine;

import java.util.List;

/**
 * A successful command's answer: the lines to print, and how many profile writes it took (zero
 * when the system was already converged). Failures are thrown as HnvException.
 */
public record Outcome(List<HmcLine> lines, int writes) {
  public Outcome {
    lines = List.copyOf(lines);
  }
}
