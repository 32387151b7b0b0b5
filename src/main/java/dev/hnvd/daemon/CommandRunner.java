package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;

/**
 * Runs a command the way the CLI does (same code, same output bytes), for the socket and D-Bus
 * front ends. The CLI layer implements it; the daemon decides on which thread it runs.
 */
public interface CommandRunner {

  /** True when the command may change the system: it then runs on the loop, serialised. */
  boolean mutating(Wire.Request request);

  /** Runs it and returns what it printed and its exit code. */
  Wire.Reply run(Wire.Request request);
}
