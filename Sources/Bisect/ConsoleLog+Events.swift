import Model

extension ConsoleLog {
    /// Shows a job event the way a terminal wants it: log lines as they are, progress on the
    /// progress line; the other events are for the job log and other consumers.
    public func show(_ event: JobEvent) {
        switch event {
        case .line(let text): line(text)
        case .progress(let progress): self.progress(progress.summary)
        default: break
        }
    }
}
