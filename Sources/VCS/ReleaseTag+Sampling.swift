extension ReleaseTag {
    /// A subset of `newestFirst` for a long walk back through releases: the first `dense` one
    /// by one, then every 2nd for the next `dense` picks, then every 4th, and so on; the oldest
    /// release is always kept so the walk can reach the beginning.
    ///
    /// With 30 releases and `dense: 6` the walk tests indexes 0...5, 7, 9, 11, 13, 15, 17,
    /// 21, 25, 29 — 16 builds instead of 30, still finishing at the oldest.
    public static func sampled(_ newestFirst: [ReleaseTag], dense: Int = 6) -> [ReleaseTag] {
        guard dense > 0, newestFirst.count > dense else { return newestFirst }
        var picked: [ReleaseTag] = []
        var index = 0
        var step = 1
        var taken = 0
        while index < newestFirst.count {
            picked.append(newestFirst[index])
            taken += 1
            if taken == dense {
                taken = 0
                step *= 2
            }
            index += step
        }
        if picked.last != newestFirst.last, let oldest = newestFirst.last { picked.append(oldest) }
        return picked
    }
}
