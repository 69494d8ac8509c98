import Foundation

/// The number of cores available, read once; the default parallelism of feature extraction.
public enum ProcessInfoCores {
    public static let active: Int = ProcessInfo.processInfo.activeProcessorCount
}
