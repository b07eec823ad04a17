package ward.scan.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpExchangeTest {

  static HttpExchange.Response read(String text) throws Exception {
    return HttpExchange.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void readsLengthChunkedAndToTheEnd() throws Exception {
    HttpExchange.Response r =
        read("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]x");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).containsEntry("content-type", "application/json");
    assertThat(r.text()).isEqualTo("[]");
    assertThat(
            read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n[1,\r\n2\r\n2]\r\n0\r\n\r\n")
                .text())
        .isEqualTo("[1,2]");
    assertThat(read("HTTP/1.0 401 Unauthorized\r\n\r\nno").status()).isEqualTo(401);
  }

  @Test
  void refusesWhatIsNotHttp() {
    assertThatThrownBy(() -> read("\u0002\u0000\u0000")).hasMessageContaining("not HTTP");
    assertThatThrownBy(() -> read("HTTP/1.1\r\n\r\n")).hasMessageContaining("bad status line");
    assertThatThrownBy(() -> read("")).hasMessageContaining("no answer");
  }

  @Test
  void countsJsonListingsWithoutKeepingThem() {
    assertThat(JsonArrays.count("[]")).isZero();
    assertThat(JsonArrays.count("[{\"a\":[1,2]},\"x,y\",3]")).isEqualTo(3);
    assertThat(JsonArrays.count("{\"a\":1}")).isEqualTo(-1);
    assertThat(JsonArrays.count("[1,2")).isEqualTo(-1);
  }
}
