package ward.archive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import ward.archive.render.ImageFormat;

class AcceptTest {
  private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

  @Test
  void noHeaderAcceptsAnything() throws WebException {
    Accept a = Accept.parse(null);

    assertThat(a.accepts("application/dicom+json")).isTrue();
    assertThat(a.acceptsMultipart("application/dicom", JPEG_BASELINE)).isTrue();
  }

  @Test
  void multipartRangesMatchOnTypeAndTransferSyntax() throws WebException {
    Accept dicom = Accept.parse("multipart/related; type=\"application/dicom\"");
    Accept explicit =
        Accept.parse(
            "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1");
    Accept any = Accept.parse("multipart/related; type=\"application/dicom\"; transfer-syntax=*");

    assertThat(dicom.acceptsMultipart("application/dicom", JPEG_BASELINE)).isTrue();
    assertThat(dicom.acceptsMultipart("application/octet-stream", JPEG_BASELINE)).isFalse();
    assertThat(explicit.acceptsMultipart("application/dicom", JPEG_BASELINE)).isFalse();
    assertThat(explicit.acceptsMultipart("application/dicom", "1.2.840.10008.1.2.1")).isTrue();
    assertThat(any.acceptsMultipart("application/dicom", JPEG_BASELINE)).isTrue();
  }

  @Test
  void commasInsideQuotedParametersDoNotSplitRanges() throws WebException {
    Accept a = Accept.parse("multipart/related; type=\"image/jpeg,x\", application/dicom+json");

    assertThat(a.ranges()).hasSize(2);
    assertThat(a.accepts("application/dicom+json")).isTrue();
  }

  @Test
  void preferenceFollowsQualityValues() throws WebException {
    assertThat(WadoImages.format(Accept.parse("image/jpeg;q=0.5, image/png")))
        .isEqualTo(ImageFormat.PNG);
    assertThat(WadoImages.format(Accept.parse("image/*"))).isEqualTo(ImageFormat.JPEG);
    assertThatThrownBy(() -> WadoImages.format(Accept.parse("image/gif, image/png;q=0")))
        .isInstanceOfSatisfying(WebException.class, e -> assertThat(e.status()).isEqualTo(406));
  }

  @Test
  void refusesHeadersThatCannotBeParsed() {
    assertThatThrownBy(() -> Accept.parse("image/jpeg; q=high"))
        .isInstanceOfSatisfying(WebException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> Accept.parse("not a media type"))
        .isInstanceOfSatisfying(WebException.class, e -> assertThat(e.status()).isEqualTo(400));
  }
}
