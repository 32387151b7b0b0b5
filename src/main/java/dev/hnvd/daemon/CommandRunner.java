package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;

/**
 * Runs a forwarded command the way it runs in-process (same code, same output bytes), for the
 * socket and D-Bus front ends: {@link ForwardedCommands} in the service, a stand-in in tests. The
 * daemon decides on which thread it runs.
 */
public interface CommandRunner {

  /** True when the command may change the system: it then runs on the loop, serialised. */
  boolean mutating(Wire.Request request);

  /** Runs it and returns what it printed and its exit code. */
  Wire.Reply run(Wire.Request request);
}
