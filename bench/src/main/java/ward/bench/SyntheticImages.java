package ward.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ward.dicom.BulkData;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.ElementDictionary;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;

/**
 * Writes the synthetic test images the benchmarks parse: invented data only, no real patient. The
 * content is deterministic (seeded), so two runs write the same bytes.
 *
 * <ul>
 *   <li>{@code ct.dcm}: a 512x512 16-bit CT Image, explicit VR little endian, with a header of
 *       about a hundred elements (patient, study, series, frame of reference, equipment, image
 *       plane, image pixel, CT image, VOI LUT and SOP common modules, a few sequences and a private
 *       block).
 *   <li>{@code multiframe.dcm}: an Enhanced CT Image of {@value #FRAMES} frames of 512x512 16-bit
 *       (500 MiB of pixel data), with shared and per-frame functional groups. Its pixel data is
 *       streamed from a raw file through a {@link BulkData} reference, never held in memory.
 * </ul>
 *
 * <p>Usage: {@code java -cp ward-bench.jar ward.bench.SyntheticImages OUTPUT_DIR [FRAMES]}
 */
public final class SyntheticImages {
  static final int SIZE = 512;
  static final int FRAMES = 1000;
  private static final long SEED = 0x5EED_D1C0L;

  /** UIDs under the UUID-derived root 2.25 (PS3.5 B.2), fixed so the files are reproducible. */
  private static final String ROOT = "2.25.302590374634785520214087236164911716";

  private SyntheticImages() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: SyntheticImages OUTPUT_DIR [FRAMES]");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : FRAMES;
    Path ct = writeCt(dir.resolve("ct.dcm"));
    Path mf = writeMultiFrame(dir.resolve("multiframe.dcm"), dir.resolve("multiframe.raw"), frames);
    System.out.printf("%s %d bytes%n%s %d bytes%n", ct, Files.size(ct), mf, Files.size(mf));
  }

  /** Writes the single-frame CT. */
  public static Path writeCt(Path target) throws IOException {
    DataSet.Builder b = DataSet.builder();
    commonHeader(b, UID.CTImageStorage, uid(1, 1), "AXIAL");
    b.setString(Tags.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
    text(b, Tags.InstanceNumber, "1");
    text(b, Tags.ImagePositionPatient, "-249.51171875", "-384.51171875", "-112.5");
    text(b, Tags.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
    text(b, Tags.SliceLocation, "-112.5");
    text(b, Tags.SliceThickness, "1.25");
    text(b, Tags.PixelSpacing, "0.9765625", "0.9765625");
    text(b, Tags.PatientOrientation, "L", "P");
    text(b, Tags.KVP, "120");
    text(b, Tags.DataCollectionDiameter, "500");
    text(b, Tags.ReconstructionDiameter, "500");
    text(b, Tags.DistanceSourceToDetector, "1085.6");
    text(b, Tags.DistanceSourceToPatient, "595");
    text(b, Tags.GantryDetectorTilt, "0");
    text(b, Tags.TableHeight, "160");
    text(b, Tags.RotationDirection, "CW");
    text(b, Tags.ExposureTime, "500");
    text(b, Tags.XRayTubeCurrent, "312");
    text(b, Tags.Exposure, "156");
    text(b, Tags.FilterType, "BODY FILTER");
    text(b, Tags.GeneratorPower, "37440");
    text(b, Tags.FocalSpots, "1.2");
    text(b, Tags.ConvolutionKernel, "STANDARD");
    b.setDoubles(Tags.SpiralPitchFactor, VR.FD, 0.984375);
    b.setDoubles(Tags.CTDIvol, VR.FD, 12.37);
    b.setDoubles(Tags.RevolutionTime, VR.FD, 0.5);
    b.setDoubles(Tags.SingleCollimationWidth, VR.FD, 0.625);
    b.setDoubles(Tags.TotalCollimationWidth, VR.FD, 40);
    b.setDoubles(Tags.TableSpeed, VR.FD, 78.75);
    b.setDoubles(Tags.TableFeedPerRotation, VR.FD, 39.375);
    b.setDoubles(Tags.DataCollectionCenterPatient, VR.FD, 0, -135, -112.5);
    b.setDoubles(Tags.ReconstructionTargetCenterPatient, VR.FD, 0, -135, -112.5);
    text(b, Tags.RescaleIntercept, "-1024");
    text(b, Tags.RescaleSlope, "1");
    text(b, Tags.RescaleType, "HU");
    text(b, Tags.WindowCenter, "40", "400");
    text(b, Tags.WindowWidth, "400", "2000");
    text(b, Tags.WindowCenterWidthExplanation, "SOFT TISSUE", "BONE");
    imagePixel(b);
    // A private block with a bulk-sized blob, as scanners write them (PS3.5 7.8.1).
    b.setString(0x00090010, VR.LO, "SYNTHETIC VENDOR 1.0");
    b.setString(0x00091001, VR.LO, "RECON PARAMETERS");
    b.setInts(0x00091002, VR.SL, 7, 11, 13);
    b.setBytes(0x00091003, VR.OB, randomBytes(new SplittableRandom(SEED + 1), 6144));

    Path raw = Files.createTempFile(target.getParent(), "ct", ".raw");
    try {
      writePixels(raw, 1, new SplittableRandom(SEED));
      b.add(Tags.PixelData, VR.OW, new BulkData(raw, 0, Files.size(raw), 1));
      write(target, UID.CTImageStorage, uid(1, 1), b.build());
    } finally {
      Files.delete(raw);
    }
    return target;
  }

  /**
   * Writes the Enhanced CT multi-frame. Its pixel data goes first to {@code rawPixels}, which is
   * then referenced from the data set and copied into the file by the writer in a stream. The raw
   * file is left in place (deleting half a gigabyte just before timed runs slows this disk down);
   * the caller removes it with the rest of its directory.
   */
  public static Path writeMultiFrame(Path target, Path rawPixels, int frames) throws IOException {
    DataSet.Builder b = DataSet.builder();
    commonHeader(b, UID.EnhancedCTImageStorage, uid(2, 1), "VOLUME");
    b.setString(Tags.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "VOLUME", "NONE");
    text(b, Tags.InstanceNumber, "1");
    text(b, Tags.NumberOfFrames, Integer.toString(frames));
    b.setString(Tags.ContentQualification, VR.CS, "RESEARCH");
    b.setString(Tags.PixelPresentation, VR.CS, "MONOCHROME");
    b.setString(Tags.VolumetricProperties, VR.CS, "VOLUME");
    b.setString(Tags.VolumeBasedCalculationTechnique, VR.CS, "NONE");
    b.setSequence(Tags.AcquisitionContextSequence, List.of());
    b.setString(Tags.DimensionOrganizationType, VR.CS, "3D");
    b.setSequence(
        Tags.DimensionOrganizationSequence,
        List.of(
            DataSet.builder().setString(Tags.DimensionOrganizationUID, VR.UI, uid(9, 1)).build()));
    b.setSequence(
        Tags.DimensionIndexSequence,
        List.of(
            DataSet.builder()
                .setString(Tags.DimensionOrganizationUID, VR.UI, uid(9, 1))
                .setTags(Tags.DimensionIndexPointer, Tags.ImagePositionPatient)
                .setTags(Tags.FunctionalGroupPointer, Tags.PlanePositionSequence)
                .setString(Tags.DimensionDescriptionLabel, VR.LO, "Image Position")
                .build()));
    b.setSequence(Tags.SharedFunctionalGroupsSequence, List.of(sharedGroups()));
    List<DataSet> perFrame = new ArrayList<>(frames);
    for (int f = 0; f < frames; f++) {
      perFrame.add(perFrameGroups(f));
    }
    b.setSequence(Tags.PerFrameFunctionalGroupsSequence, perFrame);
    imagePixel(b);

    writePixels(rawPixels, frames, new SplittableRandom(SEED));
    b.add(Tags.PixelData, VR.OW, new BulkData(rawPixels, 0, Files.size(rawPixels), 1));
    write(target, UID.EnhancedCTImageStorage, uid(2, 1), b.build());
    return target;
  }

  private static DataSet sharedGroups() {
    DataSet pixelMeasures =
        DataSet.builder()
            .setString(Tags.PixelSpacing, VR.DS, "0.9765625", "0.9765625")
            .setString(Tags.SliceThickness, VR.DS, "0.5")
            .build();
    DataSet orientation =
        DataSet.builder()
            .setString(Tags.ImageOrientationPatient, VR.DS, "1", "0", "0", "0", "1", "0")
            .build();
    DataSet transformation =
        DataSet.builder()
            .setString(Tags.RescaleIntercept, VR.DS, "-1024")
            .setString(Tags.RescaleSlope, VR.DS, "1")
            .setString(Tags.RescaleType, VR.LO, "HU")
            .build();
    DataSet voi =
        DataSet.builder()
            .setString(Tags.WindowCenter, VR.DS, "40")
            .setString(Tags.WindowWidth, VR.DS, "400")
            .build();
    DataSet ctAcquisition =
        DataSet.builder()
            .setString(Tags.AcquisitionType, VR.CS, "SPIRAL")
            .setDoubles(Tags.TubeAngle, VR.FD, 0)
            .build();
    return DataSet.builder()
        .setSequence(Tags.PixelMeasuresSequence, List.of(pixelMeasures))
        .setSequence(Tags.PlaneOrientationSequence, List.of(orientation))
        .setSequence(Tags.PixelValueTransformationSequence, List.of(transformation))
        .setSequence(Tags.FrameVOILUTSequence, List.of(voi))
        .setSequence(Tags.CTAcquisitionTypeSequence, List.of(ctAcquisition))
        .build();
  }

  private static DataSet perFrameGroups(int frame) {
    double z = -250 + 0.5 * frame;
    DataSet content =
        DataSet.builder()
            .setInts(Tags.FrameAcquisitionNumber, VR.US, 1)
            .setString(Tags.FrameReferenceDateTime, VR.DT, "20240101120000.000000")
            .setString(Tags.FrameAcquisitionDateTime, VR.DT, "20240101120000.000000")
            .setDoubles(Tags.FrameAcquisitionDuration, VR.FD, 500)
            .setInts(Tags.DimensionIndexValues, VR.UL, frame + 1)
            .setInts(Tags.InStackPositionNumber, VR.UL, frame + 1)
            .build();
    DataSet position =
        DataSet.builder()
            .setDoubles(Tags.ImagePositionPatient, VR.DS, -249.51171875, -384.51171875, z)
            .build();
    return DataSet.builder()
        .setSequence(Tags.FrameContentSequence, List.of(content))
        .setSequence(Tags.PlanePositionSequence, List.of(position))
        .build();
  }

  /** Patient, study, series, frame of reference, equipment and SOP common modules. */
  private static void commonHeader(
      DataSet.Builder b, String sopClass, String sopInstance, String seriesKind) {
    b.setString(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100");
    text(b, Tags.InstanceCreationDate, "20240101");
    text(b, Tags.InstanceCreationTime, "120000.000000");
    b.setString(Tags.SOPClassUID, VR.UI, sopClass);
    b.setString(Tags.SOPInstanceUID, VR.UI, sopInstance);
    text(b, Tags.StudyDate, "20240101");
    text(b, Tags.SeriesDate, "20240101");
    text(b, Tags.AcquisitionDate, "20240101");
    text(b, Tags.ContentDate, "20240101");
    text(b, Tags.StudyTime, "115500.000000");
    text(b, Tags.SeriesTime, "115900.000000");
    text(b, Tags.AcquisitionTime, "120000.000000");
    text(b, Tags.ContentTime, "120000.000000");
    text(b, Tags.AccessionNumber, "SYN0000001");
    text(b, Tags.Modality, "CT");
    text(b, Tags.Manufacturer, "SYNTHETIC MEDICAL SYSTEMS");
    text(b, Tags.InstitutionName, "SYNTHETIC GENERAL HOSPITAL");
    text(b, Tags.InstitutionAddress, "1 Example Street, Nowhere");
    text(b, Tags.ReferringPhysicianName, "SYNTHETIC^REFERRER");
    text(b, Tags.StationName, "SYNCT01");
    text(b, Tags.StudyDescription, "CT CHEST ABDOMEN PELVIS");
    b.setSequence(
        Tags.ProcedureCodeSequence,
        List.of(code("SYN-CAP", "99SYNTH", "CT Chest Abdomen Pelvis with contrast")));
    text(b, Tags.SeriesDescription, "SYNTHETIC " + seriesKind + " 1.25mm");
    text(b, Tags.InstitutionalDepartmentName, "RADIOLOGY");
    text(b, Tags.PerformingPhysicianName, "SYNTHETIC^PERFORMER");
    text(b, Tags.OperatorsName, "SYNTHETIC^OPERATOR");
    text(b, Tags.ManufacturerModelName, "SYNTH-128");
    b.setSequence(
        Tags.ReferencedPerformedProcedureStepSequence,
        List.of(
            DataSet.builder()
                .setString(Tags.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.3.1.2.3.3")
                .setString(Tags.ReferencedSOPInstanceUID, VR.UI, uid(7, 1))
                .build()));
    text(b, Tags.PatientName, "SYNTHETIC^PATIENT");
    text(b, Tags.PatientID, "SYN-0001");
    text(b, Tags.IssuerOfPatientID, "WARD-BENCH");
    text(b, Tags.PatientBirthDate, "19700101");
    text(b, Tags.PatientSex, "O");
    text(b, Tags.PatientAge, "054Y");
    text(b, Tags.PatientSize, "1.75");
    text(b, Tags.PatientWeight, "70");
    text(b, Tags.PatientIdentityRemoved, "YES");
    text(b, Tags.DeidentificationMethod, "Synthetic data: no real patient");
    text(b, Tags.BodyPartExamined, "CHEST");
    text(b, Tags.DeviceSerialNumber, "SYN000042");
    text(b, Tags.SoftwareVersions, "synth-1.0");
    text(b, Tags.ProtocolName, "ROUTINE CAP");
    text(b, Tags.PatientPosition, "FFS");
    b.setSequence(Tags.AnatomicRegionSequence, List.of(code("T-D3000", "SRT", "Chest")));
    text(b, Tags.StudyInstanceUID, uid(3, 1));
    text(b, Tags.SeriesInstanceUID, uid(4, 1));
    text(b, Tags.StudyID, "1");
    text(b, Tags.SeriesNumber, "2");
    text(b, Tags.AcquisitionNumber, "1");
    text(b, Tags.FrameOfReferenceUID, uid(5, 1));
    text(b, Tags.PositionReferenceIndicator, "SN");
    text(b, Tags.ImagesInAcquisition, "1");
    b.setSequence(
        Tags.RequestAttributesSequence,
        List.of(
            DataSet.builder()
                .setString(Tags.RequestedProcedureID, VR.SH, "RP0001")
                .setString(Tags.ScheduledProcedureStepID, VR.SH, "SPS0001")
                .setString(Tags.RequestedProcedureDescription, VR.LO, "CT CAP")
                .build()));
  }

  private static void imagePixel(DataSet.Builder b) {
    b.setInts(Tags.SamplesPerPixel, VR.US, 1);
    b.setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2");
    b.setInts(Tags.Rows, VR.US, SIZE);
    b.setInts(Tags.Columns, VR.US, SIZE);
    b.setInts(Tags.BitsAllocated, VR.US, 16);
    b.setInts(Tags.BitsStored, VR.US, 12);
    b.setInts(Tags.HighBit, VR.US, 11);
    b.setInts(Tags.PixelRepresentation, VR.US, 0);
    b.setString(Tags.BurnedInAnnotation, VR.CS, "NO");
    b.setString(Tags.LossyImageCompression, VR.CS, "00");
  }

  private static DataSet code(String value, String scheme, String meaning) {
    return DataSet.builder()
        .setString(Tags.CodeValue, VR.SH, value)
        .setString(Tags.CodingSchemeDesignator, VR.SH, scheme)
        .setString(Tags.CodeMeaning, VR.LO, meaning)
        .build();
  }

  private static void text(DataSet.Builder b, int tag, String... values) {
    b.setString(tag, ElementDictionary.vrOf(tag), values);
  }

  private static String uid(int kind, int n) {
    return ROOT + "." + kind + "." + n;
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }

  /**
   * Writes {@code frames} frames of 12-bit CT-like pixels: a disc of soft tissue in air, a ring of
   * bone, and noise, one frame at a time.
   */
  private static void writePixels(Path raw, int frames, SplittableRandom random)
      throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(SIZE * SIZE * 2).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel out =
        FileChannel.open(
            raw,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      for (int f = 0; f < frames; f++) {
        frame.clear();
        double radius = 200 + 30 * Math.sin(f * 0.01);
        for (int y = 0; y < SIZE; y++) {
          double dy = y - SIZE / 2.0;
          for (int x = 0; x < SIZE; x++) {
            double dx = x - SIZE / 2.0;
            double r = Math.sqrt(dx * dx + dy * dy);
            int base = r > radius ? 24 : r > radius - 12 ? 1024 + 900 : 1024 + 40;
            int v = base + random.nextInt(-20, 21);
            frame.putShort((short) Math.max(0, Math.min(4095, v)));
          }
        }
        frame.flip();
        while (frame.hasRemaining()) {
          out.write(frame);
        }
      }
    }
  }

  private static void write(Path target, String sopClass, String sopInstance, DataSet dataSet)
      throws IOException {
    DataSet meta = DicomWriter.fileMetaFor(sopClass, sopInstance, UID.ExplicitVRLittleEndian);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
      DicomWriter.writeFile(out, meta, dataSet);
    }
  }
}
