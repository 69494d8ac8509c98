extension ContinuousClock.Instant {
    /// Seconds from this instant to now.
    var elapsedSeconds: Double {
        let duration = ContinuousClock.now - self
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
