package ward.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void escapesHtmlAndTerminalControls() {
    assertThat(Text.html("<script>alert('x')</script>&\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    assertThat(Text.printable("ok\u001b[31mred\u0007")).isEqualTo("ok?[31mred?");
  }
}
