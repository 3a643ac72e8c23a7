using MtlAttack.Core.Attacks.Constrained;

namespace MtlAttack.Core.Tests.Attacks.Constrained;

/// <summary>The shapes of program the objectives build, with integer data so the MIP comparison is exact.</summary>
/// <summary>
/// Protect: |&lt;a_p, s&gt;| &lt;= B with B at least the largest single coefficient, the regime of real images (a budget
/// worth many pixels). ThinProtect: B below a single coefficient, down to 0, a subset-sum in disguise.
/// Floor: rho &lt; 1. EqualFloor: rho = 1, where the rows sum to zero and so are equalities.
/// General: random ranges containing 0.
/// </summary>
public enum ProgramKind { Protect, ThinProtect, Floor, EqualFloor, General }

/// <summary>Random integer instances of each <see cref="ProgramKind"/>, tasks correlated as real task gradients are.</summary>
internal static class RandomPrograms
{
    public static SignProgram Integer(Random random, ProgramKind kind, int n, int rows, int? maxMoved = null)
    {
        int tasks = kind is ProgramKind.Protect or ProgramKind.ThinProtect ? rows + 1 + random.Next(2) : Math.Max(rows, 1);
        var shared = Vector(random, n, 400);
        var a = Enumerable.Range(0, tasks).Select(_ => Add(shared, Vector(random, n, 600))).ToArray();
        switch (kind)
        {
            case ProgramKind.Protect or ProgramKind.ThinProtect:
            {
                // Tasks [0, rows) are protected with |<a_p, s>| <= B: B between the largest coefficient and the
                // unconstrained step's reach, or (thin) below the largest coefficient.
                var objective = Sum(a[rows..]);
                var free = objective.Select(Math.Sign).ToArray();
                var constraints = Enumerable.Range(0, rows).Select(p =>
                {
                    double largest = a[p].Max(Math.Abs), reach = Math.Max(Math.Abs(Dot(a[p], free)), largest);
                    double budget = kind == ProgramKind.Protect
                        ? largest + (reach - largest) * random.NextDouble() * random.NextDouble()
                        : largest * random.NextDouble() * random.NextDouble();
                    return LinearRow.Symmetric(a[p], Math.Floor(budget));
                }).ToArray();
                return new SignProgram(objective, constraints, maxMoved);
            }
            case ProgramKind.Floor or ProgramKind.EqualFloor:
            {
                // <a_t, s> >= rho * mean_u <a_u, s> with rho = p / q, multiplied by q * T to stay integral.
                int q = 4, p = kind == ProgramKind.EqualFloor ? q : random.Next(0, q);
                var sum = Sum(a);
                var constraints = a.Select(at => LinearRow.NonNegative(at.Select((v, i) => q * tasks * v - p * sum[i]).ToArray())).ToArray();
                return new SignProgram(sum, constraints, maxMoved);
            }
            default:
            {
                var objective = Vector(random, n, 1000);
                var constraints = Enumerable.Range(0, rows).Select(_ =>
                {
                    var b = Vector(random, n, 1000);
                    double scale = b.Sum(Math.Abs) * 0.3;
                    double lower = random.Next(3) == 0 ? double.NegativeInfinity : -Math.Floor(scale * random.NextDouble());
                    double upper = random.Next(3) == 0 ? double.PositiveInfinity : Math.Floor(scale * random.NextDouble());
                    return new LinearRow(b, lower, upper);
                }).ToArray();
                return new SignProgram(objective, constraints, maxMoved);
            }
        }
    }

    /// <summary>
    /// Real-valued data with heavy tails, like per-pixel gradients, for the LP and timing checks. Protect: the
    /// protected tasks' budgets are <paramref name="tightness"/> times what the unconstrained step would spend.
    /// Floor: the first task pulls against the others, so the floor rows bind.
    /// </summary>
    public static SignProgram Real(Random random, ProgramKind kind, int n, int rows, int? maxMoved = null, double tightness = 0.2)
    {
        int tasks = kind == ProgramKind.Protect ? rows + 2 : Math.Max(rows, 2);
        var shared = HeavyTailed(random, n);
        var a = Enumerable.Range(0, tasks)
            .Select(t => Add(kind == ProgramKind.Floor && t == 0 ? shared.Select(v => -0.6 * v).ToArray() : shared, HeavyTailed(random, n)))
            .ToArray();
        if (kind == ProgramKind.Floor)
        {
            const double rho = 0.5;
            var mean = Sum(a).Select(v => v / tasks).ToArray();
            return new SignProgram(mean, a.Select(at => LinearRow.NonNegative(at.Select((v, i) => v - rho * mean[i]).ToArray())).ToArray(), maxMoved);
        }
        var objective = Sum(a[rows..]);
        var free = objective.Select(v => (double)Math.Sign(v)).ToArray();
        var constraints = Enumerable.Range(0, rows).Select(p => LinearRow.Symmetric(a[p], Math.Abs(Dot(a[p], free)) * tightness)).ToArray();
        return new SignProgram(objective, constraints, maxMoved);
    }

    private static double[] Vector(Random random, int n, int magnitude) =>
        Enumerable.Range(0, n).Select(_ => (double)random.Next(-magnitude, magnitude + 1)).ToArray();

    private static double[] HeavyTailed(Random random, int n)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Laplace-like: sign times an exponential, times a log-normal spread of pixel sensitivities.
            double e = -Math.Log(1 - random.NextDouble());
            v[i] = (random.Next(2) == 0 ? -e : e) * Math.Exp(random.NextDouble() * 2 - 1) * 1e-6;
        }
        return v;
    }

    private static double[] Add(double[] x, double[] y) => x.Select((v, i) => v + y[i]).ToArray();

    private static double[] Sum(IEnumerable<double[]> vectors) => vectors.Aggregate((x, y) => Add(x, y));

    public static double Dot(double[] x, IReadOnlyList<double> y)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++) total += x[i] * y[i];
        return total;
    }

    public static double Dot(double[] x, IReadOnlyList<int> y) => Dot(x, y.Select(v => (double)v).ToArray());
}
