package dev.hnvd.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging for every hnvd process, set up in code (found by logback through ServiceLoader): journal
 * lines on stderr ({@link JournalEncoder}). No logback.xml on purpose: reading one loads logback's
 * XML configuration machinery, several hundred classes that cost the daemon megabytes of memory
 * and every command start-up time.
 *
 * <p>The root level is {@code HNVD_LOG_LEVEL}, else the {@code hnvd.log.level} system property
 * (the daemon sets INFO), else WARN: a DynamicRM command's stdout is read by the HMC, so commands
 * log only warnings unless asked.
 */
public final class JournalConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    context.getStatusManager().add(new JournalStatusListener(System.err));
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    JournalEncoder encoder = new JournalEncoder();
    encoder.setContext(context);
    encoder.start();
    stderr.setEncoder(encoder);
    stderr.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel(System.getenv("HNVD_LOG_LEVEL"), System.getProperty("hnvd.log.level")));
    root.addAppender(stderr);
    // dbus-java announces its transport at INFO on every connection: not a story for the journal.
    context.getLogger("org.freedesktop.dbus").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The first of env and property that names a level; an unknown name counts as not given. */
  static Level rootLevel(String env, String property) {
    for (String s : new String[] {env, property}) {
      if (s != null && !s.isBlank()) {
        Level l = Level.toLevel(s.strip(), null);
        if (l != null) {
          return l;
        }
      }
    }
    return Level.WARN;
  }
}
