package dev.hnvd.log;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import java.io.PrintStream;

/**
 * logback's own warnings and errors (an appender that failed, a bad level name...) as journal
 * lines on stderr, like every other line hnvd logs: {@code <4>logback: ...}.
 *
 * <p>Installed by {@link JournalConfigurator}. Without a listener logback falls back to its
 * status printer, whose date formatter alone loads java.time's formatting and the time-zone
 * database into every hnvd process (~70 classes and the tzdb read) to print nothing.
 */
final class JournalStatusListener implements StatusListener {
  private final PrintStream err;

  JournalStatusListener(PrintStream err) {
    this.err = err;
  }

  @Override
  public void addStatusEvent(Status status) {
    String line = render(status);
    if (line != null) {
      err.print(line);
      err.flush();
    }
  }

  @Override
  public boolean isResetResistant() {
    return true;
  }

  /** The journal line for a status worth telling (WARN or ERROR), else null. */
  static String render(Status status) {
    int level = status.getEffectiveLevel();
    if (level < Status.WARN) {
      return null;
    }
    String prefix = level >= Status.ERROR ? "<3>" : "<4>";
    StringBuilder sb = new StringBuilder(prefix).append("logback: ").append(status.getMessage());
    Throwable t = status.getThrowable();
    if (t != null) {
      sb.append(": ").append(t);
    }
    return sb.append('\n').toString();
  }
}
