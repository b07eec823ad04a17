package ward.dicom.json;

import ward.dicom.Element;

/**
 * Gives the URI from which a client can retrieve a value that the JSON leaves out (PS3.18 F.2.6,
 * "BulkDataURI"), for example a WADO-RS bulk data URL.
 */
@FunctionalInterface
public interface BulkDataUris {

  /**
   * @param path where the element is
   * @param element the element
   * @return the URI to write, or null to write the value itself
   */
  String uriFor(ElementPath path, Element element);
}
