/**
 * The socket protocol between a command and the daemon: below both ends ({@code client} speaks it,
 * {@code daemon} serves it) so neither imports the other. JDK types only: the lean client jar
 * carries this package.
 */
package dev.hnvd.wire;
