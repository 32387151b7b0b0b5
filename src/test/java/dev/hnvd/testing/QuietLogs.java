package dev.hnvd.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Registered for every test (META-INF/services, junit-platform.properties): while a test runs, the
 * product's log lines are captured instead of printed, so a passing run reads clean even where a
 * test provokes errors on purpose (fault injection logs "ROLLBACK FAILED"). A failing test gets its
 * captured lines printed after it; a test that expects an error asserts it with {@link #messages()}.
 */
public final class QuietLogs implements BeforeEachCallback, AfterEachCallback {
  private static final List<ILoggingEvent> EVENTS = new ArrayList<>();
  private static volatile boolean capturing;
  private static boolean installed;

  /** The formatted messages logged so far by the running test (any level, in order). */
  public static synchronized List<String> messages() {
    return EVENTS.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    finish(context.getExecutionException().isPresent(), context.getDisplayName());
  }

  /** Starts capturing (also for jqwik properties, {@link QuietLogsJqwik}). */
  static void start() {
    synchronized (QuietLogs.class) {
      EVENTS.clear();
      install();
      capturing = true;
    }
  }

  /** Stops capturing; a failed test's lines are printed after all. */
  static void finish(boolean failed, String name) {
    List<ILoggingEvent> seen;
    synchronized (QuietLogs.class) {
      capturing = false;
      seen = List.copyOf(EVENTS);
      EVENTS.clear();
    }
    if (failed && !seen.isEmpty()) {
      System.err.println("--- log of the failed test " + name + " (" + seen.size() + " lines)");
      seen.forEach(e -> System.err.println(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()));
    }
  }

  /** Once per JVM: a filter on every console appender of the root, and a collector beside them. */
  private static void install() {
    if (installed || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
      Appender<ILoggingEvent> a = it.next();
      a.addFilter(new Filter<>() {
        @Override
        public FilterReply decide(ILoggingEvent event) {
          return capturing ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
      });
    }
    AppenderBase<ILoggingEvent> collector = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent e) {
        if (capturing) {
          e.prepareForDeferredProcessing();
          synchronized (QuietLogs.class) {
            EVENTS.add(e);
          }
        }
      }
    };
    collector.setContext(ctx);
    collector.setName("QUIET-LOGS");
    collector.start();
    root.addAppender(collector);
    installed = true;
  }
}
