/**
 * File-system helpers with no knowledge of HNV: {@link dev.hnvd.fs.AtomicFile}. Beside model at
 * the ground of the package graph, so backends and the daemon can both use it.
 */
package dev.hnvd.fs;
