package dev.hnvd.backend.wicked;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The parser never crashes, never loses a byte, and a set changes only what it names. */
class IfcfgFileProperties {

  @Property
  void anyBytes_parseNeverThrows_roundTripExact(@ForAll byte[] bytes) {
    IfcfgFile f = IfcfgFile.parse(bytes);
    assertThat(f.toBytes()).isEqualTo(bytes);
    for (IfcfgFile.Entry e : f.entries()) {
      assertThat(f.get(e.key())).isPresent();
      assertThat(f.rawValue(e.key())).isPresent();
    }
  }

  @Property
  void shellishText_parseNeverThrows_roundTripExact(@ForAll("shellish") String text) {
    IfcfgFile f = IfcfgFile.parse(text);
    assertThat(f.text()).isEqualTo(text);
    WickedProfileBuilder.slaves(f);
    WickedProfileBuilder.options(f);
    WickedProfileBuilder.hasIpConfig(f);
    WickedProfileBuilder.owned(f);
  }

  @Property
  void set_thenGet_returnsValue_otherKeysUnchanged(
      @ForAll("shellish") String text, @ForAll("keys") String key, @ForAll("safeValues") String value) {
    IfcfgFile before = IfcfgFile.parse(text);
    IfcfgFile after = before.set(key, value);
    assertThat(after.get(key)).contains(value);
    for (IfcfgFile.Entry e : before.entries()) {
      if (!e.key().equals(key)) {
        assertThat(after.get(e.key())).isEqualTo(before.get(e.key()));
      }
    }
    assertThat(IfcfgFile.parse(after.toBytes()).get(key)).contains(value);
  }

  @Property
  void slaveEdits_keepTheRestOfTheList(@ForAll("slaveLists") List<String> slaves, @ForAll("ifnames") String drop) {
    IfcfgFile f = IfcfgFile.parse("BONDING_MASTER='yes'\nBONDING_MODULE_OPTS='mode=active-backup primary="
        + (slaves.isEmpty() ? "x" : slaves.get(0)) + "'\n");
    for (String s : slaves) {
      f = WickedProfileBuilder.addSlave(f, s);
    }
    List<String> expected = slaves.stream().distinct().filter(s -> !s.equals(drop)).toList();
    IfcfgFile removed = WickedProfileBuilder.removeSlave(f, drop);
    assertThat(WickedProfileBuilder.slaves(removed)).isEqualTo(expected);
    if (!slaves.isEmpty() && slaves.get(0).equals(drop)) {
      assertThat(WickedProfileBuilder.primary(removed)).isEmpty();
    }
  }

  @Provide
  Arbitrary<String> shellish() {
    Arbitrary<String> line = Arbitraries.oneOf(
        Arbitraries.strings().withChars("AB_=#'\"\\ \t\r$x1`(){}").ofMaxLength(40),
        Arbitraries.of("BONDING_SLAVE_1='eth0'", "BONDING_SLAVE0=eth1", "BONDING_MASTER=yes",
            "BONDING_MODULE_OPTS=\"mode=1 primary=eth0\"", "# comment", "", "  export MTU=1500 # x",
            "HNVD_OWNER='hnvd'", "BOOTPROTO=dhcp", "IPADDR_1='10.0.0.1/8'", "BROKEN='open", "X=\"a\\\"b",
            "=", "A==", "A='b'c\"d\"e f"));
    return line.list().ofMaxSize(12).map(l -> String.join("\n", l))
        .flatMap(t -> Arbitraries.of(t, t + "\n", t + "\r\n"));
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of("BOOTPROTO", "BONDING_SLAVE_1", "HNVD_OWNER", "A", "MTU", "NEW_KEY");
  }

  @Provide
  Arbitrary<String> safeValues() {
    return Arbitraries.strings().withChars("abc 019=#\"\\$`/.-_").ofMaxLength(20);
  }

  @Provide
  Arbitrary<List<String>> slaveLists() {
    return ifnames().list().ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> ifnames() {
    return Arbitraries.of("eth0", "eth1", "eth10", "eth1a", "enP1p2s0", "env3");
  }
}
