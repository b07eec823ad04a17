package ward.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ward.dicom.DicomFile;
import ward.dicom.DicomFormatException;
import ward.dicom.DicomReader;
import ward.dicom.ReadOptions;
import ward.dicom.TransferSyntax;
import ward.dicom.json.DicomJson;

/** {@code ward dump}: prints DICOM files for people, or as the DICOM JSON model. */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = {
      "Print the contents of DICOM files.",
      "Exit status: 0 when every file was read, 2 when one is not valid DICOM (one line on"
          + " stderr says where and why)."
    })
final class DumpCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "DICOM files to print")
  List<Path> files;

  @Option(
      names = "--json",
      description = "print the data set (without file meta information) as DICOM JSON (PS3.18 F)")
  boolean json;

  @Option(
      names = "--raw",
      paramLabel = "SYNTAX",
      description =
          "read files without a Part 10 header as a raw data set in SYNTAX: implicit, explicit"
              + " or big")
  String raw;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int status = 0;
    for (Path file : files) {
      try {
        // JSON carries every value inline; the text dump leaves large values in the file.
        ReadOptions fileOptions =
            json
                ? ReadOptions.DEFAULT
                : ReadOptions.DEFAULT.withBulkData(256, DicomReader.fileRegions(file));
        if (raw != null) {
          fileOptions = fileOptions.withRawTransferSyntax(rawSyntax(raw));
        }
        DicomFile dicom = DicomReader.readFile(file, fileOptions);
        if (json) {
          out.println(DicomJson.toJson(dicom.dataSet()));
        } else {
          if (files.size() > 1) {
            out.println("# " + file);
          }
          TextDump.print(dicom, out);
        }
      } catch (DicomFormatException e) {
        err.println("ward dump: " + file + ": invalid DICOM " + e.getMessage());
        status = 2;
      } catch (IOException e) {
        err.println("ward dump: " + file + ": " + e.getMessage());
        status = 2;
      }
      out.flush();
    }
    return status;
  }

  private static TransferSyntax rawSyntax(String name) {
    return switch (name) {
      case "implicit" -> TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
      case "explicit" -> TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
      case "big" -> TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
      default ->
          throw new CommandLine.ParameterException(
              new CommandLine(new DumpCommand()),
              "--raw takes implicit, explicit or big, not '" + name + "'");
    };
  }
}
