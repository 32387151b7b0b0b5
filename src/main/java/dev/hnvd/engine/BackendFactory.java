package dev.hnvd.engine;

import dev.hnvd.backend.Backend;

/**
 * Opens the backend in charge on this system. Throws HnvException (UNREACHABLE, code 101) with
 * the reason when neither NetworkManager nor wicked can be used.
 */
@FunctionalInterface
public interface BackendFactory {
  Backend open();
}
