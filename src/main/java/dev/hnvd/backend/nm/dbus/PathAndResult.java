package dev.hnvd.backend.nm.dbus;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.Position;

/** The two OUT arguments of AddConnection2: the new profile's path and a result dictionary. */
public final class PathAndResult<A, B> extends Tuple {
  @Position(0)
  private final A path;

  @Position(1)
  private final B result;

  public PathAndResult(A path, B result) {
    this.path = path;
    this.result = result;
  }

  public A path() {
    return path;
  }

  public B result() {
    return result;
  }
}
