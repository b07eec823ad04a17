package ward.synth;

import java.time.LocalDate;

/**
 * An invented patient.
 *
 * @param number 1-based position among the generated patients
 * @param name Patient's Name (0010,0010), {@code Family^Given} from invented syllables
 * @param id Patient ID (0010,0020): {@code SYN} and seven digits
 * @param birthDate Patient's Birth Date (0010,0030)
 * @param sex Patient's Sex (0010,0040): M, F or O
 * @param sizeMetres Patient's Size (0010,1020)
 * @param weightKg Patient's Weight (0010,1030)
 */
public record SyntheticPatient(
    int number,
    String name,
    String id,
    LocalDate birthDate,
    String sex,
    double sizeMetres,
    double weightKg) {}
