package dev.hnvd.backend.wicked;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IfcfgFileTest {

  @ParameterizedTest
  @ValueSource(strings = {"ifcfg-eth0.yast", "ifcfg-eth1.handwritten", "ifcfg-eth2.crlf",
      "ifcfg-eth3.nonewline", "ifcfg-bond00001a2b.hcnmgr", "ifcfg-bond0.yast"})
  void roundTrip_isByteExact(String name) {
    byte[] original = Fixtures.bytes("roundtrip/" + name);
    assertThat(IfcfgFile.parse(original).toBytes()).isEqualTo(original);
  }

  @Test
  void roundTrip_emptyFileAndLoneNewline() {
    assertThat(IfcfgFile.parse(new byte[0]).toBytes()).isEmpty();
    assertThat(IfcfgFile.parse("\n").text()).isEqualTo("\n");
    assertThat(IfcfgFile.parse("\n\n\n").text()).isEqualTo("\n\n\n");
  }

  @Test
  void parse_yastFile_valuesAndUtf8NameSurvive() {
    IfcfgFile f = Fixtures.file("roundtrip/ifcfg-eth0.yast");
    assertThat(f.get("BOOTPROTO")).contains("static");
    assertThat(f.get("IPADDR_1")).contains("10.0.0.5");
    assertThat(f.get("ZONE")).contains("public");
    assertThat(f.get("MTU")).contains("");
    // NAME holds UTF-8: the file is held byte for byte, a value is read as the UTF-8 it is.
    assertThat(f.get("NAME")).contains("Ethernet Card 0 (Öffentlich – VF)");
    assertThat(f.set("NAME", f.get("NAME").orElseThrow()).toBytes()).isEqualTo(f.toBytes());
  }

  @Test
  void set_utf8InterfaceName_isWrittenAsUtf8Bytes_andReadBack() {
    IfcfgFile f = IfcfgFile.empty().set("BONDING_SLAVE_1", "café");
    assertThat(new String(f.toBytes(), StandardCharsets.UTF_8)).isEqualTo("BONDING_SLAVE_1='café'\n");
    assertThat(IfcfgFile.parse(f.toBytes()).get("BONDING_SLAVE_1")).contains("café");
    assertThat(IfcfgFile.parse(f.toBytes()).entries().get(0).value()).isEqualTo("café");
  }

  @Test
  void parse_handwritten_quotingStylesCommentsAndNoise() {
    IfcfgFile f = Fixtures.file("roundtrip/ifcfg-eth1.handwritten");
    assertThat(f.get("STARTMODE")).contains("auto");
    assertThat(f.get("BOOTPROTO")).contains("dhcp4");
    assertThat(f.get("MTU")).contains("9000");
    assertThat(f.get("ETHTOOL_OPTIONS")).contains("-K eth1 tso off");
    assertThat(f.get("ESCAPED")).contains("say \"hi\" to $HOME");
    assertThat(f.get("MIXED")).contains("abc");
    assertThat(f.get("EMPTY")).contains("");
    assertThat(f.get("BROKEN")).contains("unterminated");
    assertThat(f.get("1BAD")).isEmpty();
    assertThat(f.get("if")).isEmpty();
  }

  @Test
  void parse_crlf_valueWithoutCarriageReturn() {
    IfcfgFile f = Fixtures.file("roundtrip/ifcfg-eth2.crlf");
    assertThat(f.get("STARTMODE")).contains("auto");
    assertThat(f.get("NAME")).contains("crlf");
  }

  @Test
  void parse_neverEvaluates() {
    IfcfgFile f = IfcfgFile.parse("A=$(touch /tmp/pwned)\nB=`id`\nC=\"$HOME\"\n");
    assertThat(f.get("A")).contains("$(touch");
    assertThat(f.get("B")).contains("`id`");
    assertThat(f.get("C")).contains("$HOME");
  }

  @Test
  void parse_lastAssignmentWins() {
    assertThat(IfcfgFile.parse("X='1'\nX='2'\n").get("X")).contains("2");
  }

  @Test
  void set_existingKey_keepsPositionPrefixAndTrailingComment() {
    IfcfgFile f = Fixtures.file("roundtrip/ifcfg-eth1.handwritten").set("STARTMODE", "hotplug");
    String text = f.text();
    assertThat(text).contains("\n   STARTMODE='hotplug'      # comes up at boot\n");
    assertThat(text.indexOf("STARTMODE")).isLessThan(text.indexOf("BOOTPROTO"));
    assertThat(f.get("STARTMODE")).contains("hotplug");
  }

  @Test
  void set_exportedKey_keepsExport() {
    IfcfgFile f = Fixtures.file("roundtrip/ifcfg-eth1.handwritten").set("MTU", "1500");
    assertThat(f.text()).contains("\nexport MTU='1500'\n");
  }

  @Test
  void set_changesOnlyThatLine() {
    IfcfgFile before = Fixtures.file("roundtrip/ifcfg-eth0.yast");
    String[] a = before.text().split("\n");
    String[] b = before.set("ZONE", "internal").text().split("\n");
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.length; i++) {
      if (!a[i].startsWith("ZONE=")) {
        assertThat(b[i]).isEqualTo(a[i]);
      }
    }
  }

  @Test
  void set_newKey_appendedAndFileGetsFinalNewline() {
    IfcfgFile f = Fixtures.file("roundtrip/ifcfg-eth3.nonewline").set("HNVD_OWNER", "hnvd");
    assertThat(f.text()).isEqualTo("STARTMODE='hotplug'\nBOOTPROTO='none'\nHNVD_OWNER='hnvd'\n");
  }

  @Test
  void set_crlfLine_keepsCarriageReturn() {
    IfcfgFile f = Fixtures.file("roundtrip/ifcfg-eth2.crlf").set("BOOTPROTO", "static");
    assertThat(f.text()).isEqualTo("STARTMODE=auto\r\nBOOTPROTO='static'\r\n# crlf file\r\nNAME=\"crlf\"\r\n");
  }

  @Test
  void remove_dropsEveryAssignmentOnly() {
    IfcfgFile f = IfcfgFile.parse("# c\nX='1'\nY='y'\nX='2'\n").remove("X");
    assertThat(f.text()).isEqualTo("# c\nY='y'\n");
  }

  @Test
  void withKeyAt_renamesKeepingValueText() {
    IfcfgFile f = IfcfgFile.parse("  BONDING_SLAVE_3=\"eth2\" # vf\n");
    assertThat(f.withKeyAt(0, "BONDING_SLAVE_1").text()).isEqualTo("  BONDING_SLAVE_1=\"eth2\" # vf\n");
  }

  @Test
  void quote_refusesWhatCannotBeSingleQuoted() {
    assertThatThrownBy(() -> IfcfgFile.empty().set("NAME", "it's")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IfcfgFile.empty().set("NAME", "a\nB=1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IfcfgFile.empty().set("BAD KEY", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rawValue_isTheTextAsWritten() {
    IfcfgFile f = Fixtures.file("roundtrip/ifcfg-eth1.handwritten");
    assertThat(f.rawValue("ESCAPED")).contains("\"say \\\"hi\\\" to \\$HOME\"");
    assertThat(f.rawValue("BOOTPROTO")).contains("dhcp4");
  }
}
