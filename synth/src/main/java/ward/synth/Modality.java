package ward.synth;

import ward.dicom.UID;

/** The modalities the generator makes images of, each with its storage SOP class. */
public enum Modality {
  /** Computed tomography: CT Image Storage, 12 bits stored, rescaled to Hounsfield units. */
  CT(UID.CTImageStorage, 12),
  /** Magnetic resonance: MR Image Storage, 16 bits stored, no rescale. */
  MR(UID.MRImageStorage, 16);

  private final String sopClassUid;
  private final int bitsStored;

  Modality(String sopClassUid, int bitsStored) {
    this.sopClassUid = sopClassUid;
    this.bitsStored = bitsStored;
  }

  public String sopClassUid() {
    return sopClassUid;
  }

  /** Bits Stored (0028,0101); every image allocates 16 bits and stores unsigned values. */
  public int bitsStored() {
    return bitsStored;
  }

  /** The largest stored pixel value. */
  int maxStoredValue() {
    return (1 << bitsStored) - 1;
  }
}
