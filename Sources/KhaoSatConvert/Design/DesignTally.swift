import Foundation

/// What the intervals need beyond the sums the points come from: per unit and group, who the
/// primary sampling units were (a person, or the interviewer for submissions that name one) and
/// how a person's values for the index's sub-criteria move together. Kept in binary floating
/// point: it feeds variances, printed rounded to 2 decimals, never a point; every sum runs in
/// reading order, so the same inputs give the same bits.
struct DesignTally: Sendable {
    /// Sums over persons. `v`: a submission's value for a sub-criterion (its credit, or for
    /// `share` whether it reached the threshold); `r`: whether it is counted there.
    struct Moments: Sendable {
        let size: Int
        var count = 0
        /// K × K, row-major: Σ r_k r_l v_k v_l, Σ r_k r_l v_k, Σ r_k r_l.
        var vv: [Double], vr: [Double], rr: [Double]

        init(size k: Int) { size = k; vv = Array(repeating: 0, count: k * k); vr = vv; rr = vv }

        mutating func add(_ v: [Double], _ r: [Bool], weight w: Double) {
            let k = size
            for a in 0..<k where r[a] {
                for b in 0..<k where r[b] {
                    vv[a * k + b] += w * v[a] * v[b]
                    vr[a * k + b] += w * v[a]
                    rr[a * k + b] += w
                }
            }
        }

        mutating func merge(_ o: Moments) {
            count += o.count
            for x in vv.indices { vv[x] += o.vv[x]; vr[x] += o.vr[x]; rr[x] += o.rr[x] }
        }
    }

    /// One interviewer's submissions, read from the cell's flat buffer: how many, and per
    /// sub-criterion Σ v, Σ r, Σ v².
    struct Cluster {
        let data: [Double]
        let base: Int, size: Int
        var submissions: Double { data[base] }
        func y(_ p: Int) -> Double { data[base + 1 + p] }
        func r(_ p: Int) -> Double { data[base + 1 + size + p] }
        func q(_ p: Int) -> Double { data[base + 1 + 2 * size + p] }
    }

    /// One unit and group.
    struct Cell: Sendable {
        /// K: the sub-criteria of the unit's index.
        let size: Int
        var all: Moments
        /// The submissions that name no interviewer: each a sampling unit of its own.
        var unnamed: Moments
        var clusterOf: [String: Int] = [:]
        /// Per interviewer, in order of first submission: [submissions, Σv × K, Σr × K, Σv² × K]
        /// (one buffer, not an array per interviewer and total).
        var clusterData: [Double] = []

        init(size k: Int) { size = k; all = Moments(size: k); unnamed = all }

        var submissions: Int { all.count }
        var stride: Int { 1 + 3 * size }
        var clusters: [Cluster] { (0..<clusterOf.count).map { Cluster(data: clusterData, base: $0 * stride, size: size) } }
        /// Whether any submission named its interviewer: then interviewers are the clusters.
        var interviewed: Bool { !clusterOf.isEmpty }

        /// Adds `count` submissions with these values to interviewer `key`'s totals; the last one
        /// taken back out (excluded after the quality checks) takes the interviewer with it.
        mutating func add(to key: String, _ v: [Double], _ r: [Bool], count: Int) {
            let j: Int
            if let found = clusterOf[key] { j = found } else {
                j = clusterOf.count
                clusterOf[key] = j
                clusterData += repeatElement(0, count: stride)
            }
            let base = j * stride, w = Double(count)
            clusterData[base] += w
            for a in 0..<size where r[a] {
                clusterData[base + 1 + a] += w * v[a]
                clusterData[base + 1 + size + a] += w
                clusterData[base + 1 + 2 * size + a] += w * v[a] * v[a]
            }
            if clusterData[base] == 0 {
                clusterData.removeSubrange(base..<base + stride)
                clusterOf = clusterOf.filter { $0.key != key }.mapValues { $0 > j ? $0 - 1 : $0 }
            }
        }
    }

    let groups: Int
    /// Per unit: how many sub-criteria its index has.
    let sizes: [Int]
    private(set) var cells: [Cell?]

    init(sizes: [Int], groups: Int) {
        self.sizes = sizes
        self.groups = groups
        cells = Array(repeating: nil, count: sizes.count * groups)
    }

    func cell(unit: Int, group: Int) -> Cell? { cells[unit * groups + group] }

    mutating func add(unit: Int, group: Int, interviewer: String?, v: [Double], r: [Bool], count: Int) {
        let i = unit * groups + group, w = Double(count)
        if cells[i] == nil { cells[i] = Cell(size: sizes[unit]) }
        cells[i]!.all.count += count
        cells[i]!.all.add(v, r, weight: w)
        guard let interviewer else {
            cells[i]!.unnamed.count += count
            cells[i]!.unnamed.add(v, r, weight: w)
            return
        }
        cells[i]!.add(to: interviewer, v, r, count: count)
    }

    mutating func merge(_ other: DesignTally) {
        for i in cells.indices {
            guard let b = other.cells[i] else { continue }
            guard var c = cells[i] else { cells[i] = b; continue }
            c.all.merge(b.all)
            c.unnamed.merge(b.unnamed)
            for (key, jb) in b.clusterOf.sorted(by: { $0.value < $1.value }) {
                let j: Int
                if let found = c.clusterOf[key] { j = found } else {
                    j = c.clusterOf.count
                    c.clusterOf[key] = j
                    c.clusterData += repeatElement(0, count: c.stride)
                }
                for x in 0..<c.stride { c.clusterData[j * c.stride + x] += b.clusterData[jb * b.stride + x] }
            }
            cells[i] = c
        }
    }
}

extension DesignTally {
    /// A term of a linear combination of a cell's sub-criterion means, linearised: each sampling
    /// unit's score is u = Σ coefficient · r_p (v_p − centre_p).
    struct Term {
        var position: Int
        var coefficient: Double
        var centre: Double
    }
}

extension DesignTally.Moments {
    /// Σ u² over the persons.
    func squares(_ terms: [DesignTally.Term]) -> Double {
        let k = size
        var s = 0.0
        for a in terms {
            for b in terms {
                let ab = a.position * k + b.position, ba = b.position * k + a.position
                s += a.coefficient * b.coefficient
                    * (vv[ab] - b.centre * vr[ab] - a.centre * vr[ba] + a.centre * b.centre * rr[ab])
            }
        }
        return s
    }

    /// Persons with a counted value at the position, and Σ v there.
    func counted(_ p: Int) -> (persons: Double, sum: Double) { (rr[p * size + p], vr[p * size + p]) }
}

extension DesignTally.Cell {
    /// Sampling units when interviewers are the clusters: the interviewers and the persons who named none.
    var clusterCount: Int { clusterOf.count + unnamed.count }

    /// Σ U² over the clusters (U: a cluster's sum of u); a person who named no interviewer is one.
    func clusterSquares(_ terms: [DesignTally.Term]) -> Double {
        clusters.reduce(unnamed.squares(terms)) { s, c in
            let u = terms.reduce(0.0) { $0 + $1.coefficient * (c.y($1.position) - $1.centre * c.r($1.position)) }
            return s + u * u
        }
    }

    /// Persons with a counted value at the position, Σ v there, and clusters with one.
    func counted(_ p: Int) -> (persons: Double, sum: Double, clusters: Int) {
        let (persons, sum) = all.counted(p)
        return (persons, sum, clusters.filter { $0.r(p) > 0 }.count + Int(unnamed.counted(p).persons))
    }
}
