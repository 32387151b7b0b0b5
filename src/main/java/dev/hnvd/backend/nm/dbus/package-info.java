/**
 * Typed dbus-java proxies for the parts of the NetworkManager D-Bus API hnvd uses. The Java names
 * differ from the D-Bus names (a Java package cannot also be a type), so each interface carries
 * its exact D-Bus name in {@code @DBusInterfaceName}; the error classes, which dbus-java matches by
 * class name, live under {@code org.freedesktop.NetworkManager}.
 */
package dev.hnvd.backend.nm.dbus;
