package ward.synth;

import java.time.Duration;

/**
 * What {@link SyntheticStudies#writeTo} wrote.
 *
 * @param patients patients
 * @param studies studies
 * @param series series
 * @param instances files, one instance each
 * @param bytes the files' total size
 * @param elapsed time taken, generation and writing together
 */
public record WriteSummary(
    long patients, long studies, long series, long instances, long bytes, Duration elapsed) {}
