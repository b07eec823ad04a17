package ward.scan;

/** What every probe shares: the settings, the log of what was sent, the rate limit. */
public record ProbeContext(ScanSettings settings, SendLog log, RateLimit rate) {}
