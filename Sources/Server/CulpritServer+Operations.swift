import Foundation
import Hummingbird
import Store

extension CulpritServer {
    /// `/health`, `/metrics` (Prometheus text format), `/openapi.yaml`.
    func addOperations(to router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ -> Response in
            do {
                _ = try await store.countsByState()
                return try Self.json(["status": "ok", "database": "ok"])
            } catch {
                return try Self.json(
                    ["status": "unavailable", "database": "\(error)"], status: .serviceUnavailable)
            }
        }

        router.get("/openapi.yaml") { _, _ -> Response in
            Self.text(openAPI, "application/yaml; charset=utf-8")
        }

        router.get("/metrics") { _, _ -> Response in
            let s = try await store.statistics()
            var lines: [String] = []
            lines.append("# HELP culprit_jobs Jobs in the store by state.")
            lines.append("# TYPE culprit_jobs gauge")
            for state in JobState.allCases {
                lines.append("culprit_jobs{state=\"\(state.rawValue)\"} \(s.jobsByState[state] ?? 0)")
            }
            lines.append("# HELP culprit_builds_total Builds recorded by workers.")
            lines.append("# TYPE culprit_builds_total counter")
            lines.append("culprit_builds_total \(s.builds)")
            lines.append("# HELP culprit_runs_total Test runs recorded by workers.")
            lines.append("# TYPE culprit_runs_total counter")
            lines.append("culprit_runs_total \(s.runs)")
            lines.append("# HELP culprit_queue_wait_seconds_average Mean wait from submission to first claim, over started jobs.")
            lines.append("# TYPE culprit_queue_wait_seconds_average gauge")
            lines.append("culprit_queue_wait_seconds_average \(s.averageQueueWait)")
            lines.append("# HELP culprit_queue_oldest_seconds Age of the oldest queued job (0 when none).")
            lines.append("# TYPE culprit_queue_oldest_seconds gauge")
            lines.append("culprit_queue_oldest_seconds \(s.oldestQueued)")
            lines.append("# HELP culprit_workers_alive Workers with a heartbeat in the last minute.")
            lines.append("# TYPE culprit_workers_alive gauge")
            lines.append("culprit_workers_alive \(s.workersAlive)")
            return Self.text(lines.joined(separator: "\n") + "\n", "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
