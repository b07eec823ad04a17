package ward.archive.web.multipart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaTypeTest {

  @Test
  void parsesTokensQuotedStringsAndEscapes() {
    MediaType t =
        MediaType.parse(
            " Multipart/Related ;TYPE=\"application/dicom+xml\" ; start=\"<a;b>\";"
                + " boundary=\"q\\\"uote\\\\d\";;");
    assertThat(t.type()).isEqualTo("multipart");
    assertThat(t.subtype()).isEqualTo("related");
    assertThat(t.parameters())
        .containsExactly(
            Map.entry("type", "application/dicom+xml"),
            Map.entry("start", "<a;b>"),
            Map.entry("boundary", "q\"uote\\d"));
  }

  @Test
  void rendersParametersQuotedOnlyWhenNeeded() {
    MediaType t = new MediaType("multipart", "related", Map.of("type", "application/dicom"));
    assertThat(t.toString()).isEqualTo("multipart/related; type=\"application/dicom\"");
    assertThat(MediaType.quoteIfNeeded("abc-1")).isEqualTo("abc-1");
    assertThat(MediaType.quoteIfNeeded("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(MediaType.parse(t.toString())).isEqualTo(t);
  }

  @Test
  void takesAnUnquotedMediaTypeAsAParameterValueAsDicomwebClientsSendIt() {
    MediaType t =
        MediaType.parse("multipart/related; type=application/octet-stream; transfer-syntax=*");
    assertThat(t.parameters())
        .containsExactly(
            Map.entry("type", "application/octet-stream"), Map.entry("transfer-syntax", "*"));
    assertThat(t.toString())
        .isEqualTo("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MediaType.parse("multipart/related; type=application/"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
