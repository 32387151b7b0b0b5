package dev.hnvd.engine;

import dev.hnvd.backend.ApplyReport;
import dev.hnvd.backend.Backend;
import dev.hnvd.model.HnvException;
import dev.hnvd.plan.Plan;
import dev.hnvd.plan.Profile;
import java.util.List;

/**
 * A backend opened once and shared, for the daemon: connecting to the system bus and reading
 * NetworkManager's version costs more than a whole hcnqrydev, so a long-running process pays it
 * once instead of per command. Callers still use try-with-resources; their close() is a no-op and
 * the real connection closes with {@link #close()}. A connection that turns out unreachable is
 * dropped and the next caller opens a fresh one. Calls are serialised: read-only commands may run
 * beside the daemon's loop.
 */
public final class SharedBackend implements BackendFactory, AutoCloseable {
  private final BackendFactory factory;
  private Backend shared;

  public SharedBackend(BackendFactory factory) {
    this.factory = factory;
  }

  @Override
  public synchronized Backend open() {
    if (shared == null) {
      shared = factory.open();
    }
    return new Borrowed();
  }

  @Override
  public synchronized void close() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }

  private synchronized Backend current() {
    if (shared == null) {
      shared = factory.open();
    }
    return shared;
  }

  private synchronized void dropIfUnreachable(HnvException e) {
    if (e.kind() == HnvException.Kind.UNREACHABLE && shared != null) {
      shared.close();
      shared = null;
    }
  }

  /** What a caller gets: the shared backend, without the power to close it. */
  private final class Borrowed implements Backend {
    @Override
    public String describe() {
      synchronized (SharedBackend.this) {
        return current().describe();
      }
    }

    @Override
    public List<Profile> profiles() {
      synchronized (SharedBackend.this) {
        try {
          return current().profiles();
        } catch (HnvException e) {
          dropIfUnreachable(e);
          throw e;
        }
      }
    }

    @Override
    public ApplyReport apply(Plan plan) {
      synchronized (SharedBackend.this) {
        try {
          return current().apply(plan);
        } catch (HnvException e) {
          dropIfUnreachable(e);
          throw e;
        }
      }
    }

    @Override
    public void close() {
      // The connection stays for the next command; SharedBackend.close() ends it.
    }
  }
}
