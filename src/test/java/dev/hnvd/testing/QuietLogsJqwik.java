package dev.hnvd.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/** {@link QuietLogs} for jqwik properties (registered in META-INF/services): one capture per property. */
public final class QuietLogsJqwik implements AroundPropertyHook {
  @Override
  public boolean appliesTo(Optional<AnnotatedElement> element) {
    return true;
  }

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    QuietLogs.start();
    PropertyExecutionResult r = null;
    try {
      r = property.execute();
      return r;
    } finally {
      QuietLogs.finish(r == null || r.status() != PropertyExecutionResult.Status.SUCCESSFUL, context.label());
    }
  }
}
