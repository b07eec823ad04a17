package ward.scan.web;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import ward.scan.report.Json;

/**
 * Fuzzing what the scanner parses from the machines it scans: HTTP answers, JSON listings (counted,
 * and read for a WADO-RS retrieval) and the JSON reports given to {@code scan diff}. Whatever the
 * bytes, each returns or fails with its own checked reason, and nothing grows past its bound.
 */
class WebParsersFuzzTest {

  @FuzzTest(maxDuration = "1m")
  void fuzzHttpAnswer(byte[] input) {
    try {
      HttpExchange.Response r = HttpExchange.read(new ByteArrayInputStream(input));
      if (r.body().length > HttpExchange.MAX_BODY) {
        throw new AssertionError("body past its bound: " + r.body().length);
      }
    } catch (IOException expected) {
      // not HTTP, or malformed: the probe treats it as no answer
    }
  }

  @FuzzTest(maxDuration = "1m")
  void fuzzJsonListing(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    if (JsonArrays.count(text) < -1) {
      throw new AssertionError("a count below -1");
    }
  }

  @FuzzTest(maxDuration = "1m")
  void fuzzJsonReader(byte[] input) {
    try {
      Json.read(new String(input, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException expected) {
      // not JSON, with the position
    }
  }
}
