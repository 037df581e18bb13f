import Foundation

/// Student's t and beta quantiles for the intervals, from the regularised incomplete beta
/// function (continued fraction, Lentz's method) inverted by Newton's method kept inside a
/// bisection bracket: exact to 1e-13, far below the 0.005 a printed point can show. No package
/// in the mirror offers them.
enum Distributions {
    /// I_x(a, b).
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logBeta + logPowers)
        // The fraction converges fast on this side of the mean; the other side by symmetry.
        if x < (a + 1) / (a + b + 2) { return front * fraction(x, a, b) / a }
        return 1 - front * fraction(1 - x, b, a) / b
    }

    private static func fraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        d = abs(d) < tiny ? 1 / tiny : 1 / d
        var h = d
        for m in 1...400 {
            let m = Double(m)
            let even: Double = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d; d = abs(d) < tiny ? 1 / tiny : 1 / d
            c = 1 + even / c; if abs(c) < tiny { c = tiny }
            h *= d * c
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d; d = abs(d) < tiny ? 1 / tiny : 1 / d
            c = 1 + odd / c; if abs(c) < tiny { c = tiny }
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }

    /// The x with I_x(a, b) = p; a = 0 is the point mass at 0, b = 0 at 1 (R's `qbeta`).
    static func betaQuantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        if a <= 0 { return 0 }
        if b <= 0 { return 1 }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        var (lo, hi, x) = (0.0, 1.0, 0.5)
        for _ in 0..<200 {
            let f = incompleteBeta(x, a, b) - p
            if f < 0 { lo = x } else { hi = x }
            if abs(f) < 1e-14 || hi - lo < 1e-15 { break }
            // Newton's step with the density; a step that leaves the bracket bisects instead.
            let logDensity: Double = (a - 1) * log(x) + (b - 1) * log(1 - x) - logBeta
            let next = x - f / exp(logDensity)
            x = next > lo && next < hi && next.isFinite ? next : (lo + hi) / 2
        }
        return x
    }

    /// The (1 + level) / 2 quantile of Student's t with `df` degrees of freedom: P(|T| > t) =
    /// I_{df/(df+t²)}(df/2, 1/2).
    static func tQuantile(level: Double, df nu: Double) -> Double {
        precondition(nu > 0)
        let x = betaQuantile(1 - level, nu / 2, 0.5)
        return (nu * (1 - x) / x).squareRoot()
    }
}
