package ward.synth;

/**
 * A kind of series within a study protocol.
 *
 * @param description Series Description (0008,103E)
 * @param sliceThicknessMm Slice Thickness (0018,0050); slices are contiguous, so it is also their
 *     spacing
 * @param windowCenter Window Center (0028,1050), in the units of the rescaled values
 * @param windowWidth Window Width (0028,1051)
 * @param weighting how tissue shows
 * @param convolutionKernel Convolution Kernel (0018,1210) of a CT reconstruction; empty for MR
 */
public record SeriesProtocol(
    String description,
    double sliceThicknessMm,
    double windowCenter,
    double windowWidth,
    Weighting weighting,
    String convolutionKernel) {}
