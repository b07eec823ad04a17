package ward.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Pins the layering of the modules: the data core knows nothing of networks, storage or the command
 * line, and depends on nothing but the JDK.
 */
class ModuleLayeringTest {

  private static final JavaClasses WARD =
      new ClassFileImporter()
          // test classes of every module (and the data core's test-jar) are on this classpath
          .withImportOption(
              location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
          .importPackages("ward");

  @Test
  void dataCoreDependsOnlyOnTheJdk() {
    classes()
        .that()
        .resideInAPackage("ward.dicom..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("ward.dicom..", "java..")
        .check(WARD);
  }

  @Test
  void dataCoreKnowsNothingOfNetworks() {
    noClasses()
        .that()
        .resideInAPackage("ward.dicom..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "javax.net..", "java.nio.channels.spi..")
        .check(WARD);
  }

  @Test
  void networkLayerKnowsNothingOfTheCommandLineOrStorage() {
    classes()
        .that()
        .resideInAPackage("ward.net..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "ward.net..",
            "ward.dicom..",
            "java..",
            "javax.net..",
            "javax.security..",
            "javax.crypto..")
        .check(WARD);
  }

  @Test
  void syntheticStudiesUseOnlyTheDataCore() {
    classes()
        .that()
        .resideInAPackage("ward.synth..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("ward.synth..", "ward.dicom..", "java..")
        .check(WARD);
  }

  @Test
  void nothingButTestsAndToolsDependsOnTheSyntheticStudies() {
    noClasses()
        .that()
        .resideOutsideOfPackages("ward.synth..", "ward.cli..", "ward.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ward.synth..")
        .check(WARD);
  }

  @Test
  void theArchiveKnowsNoByteLayoutsOfTheNetwork() {
    // identity answers the association gate, whose positive user identity response is a PDU item
    noClasses()
        .that()
        .resideInAPackage("ward.archive..")
        .and()
        .resideOutsideOfPackage("ward.archive.auth..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ward.net.pdu..")
        .check(WARD);
  }

  @Test
  void onlyTheDimseAdaptersAndIdentitySeeTheNetworkServer() {
    noClasses()
        .that()
        .resideInAPackage("ward.archive..")
        .and()
        .resideOutsideOfPackages("ward.archive.dimse..", "ward.archive.auth..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ward.net.server..", "ward.net.client..")
        .check(WARD);
  }

  @Test
  void theScannerNeverDependsOnTheArchive() {
    noClasses()
        .that()
        .resideInAPackage("ward.scan..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ward.archive..", "ward.synth..")
        .check(WARD);
  }

  @Test
  void theScannerUsesOnlyTheNetworkLayerAndTheDataCore() {
    classes()
        .that()
        .resideInAPackage("ward.scan..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "ward.scan..",
            "ward.net..",
            "ward.dicom..",
            "java..",
            "javax.net..",
            "javax.security..")
        .check(WARD);
  }

  @Test
  void onlyTheCommandLineDependsOnTheCommandLine() {
    noClasses()
        .that()
        .resideOutsideOfPackage("ward.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ward.cli..")
        .check(WARD);
  }
}
