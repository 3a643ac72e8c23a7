using System.Diagnostics;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Constrained;
using MtlAttack.Core.Attacks.Objectives;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks.Constrained;

/// <summary>
/// Per-sample solve times at image sizes, with random heavy-tailed gradients, next to one forward and backward pass
/// of the tiny test CNN at the same size for scale. Printed, never asserted: timings depend on the machine (and are
/// only meaningful from a Release build: <c>dotnet test -c Release</c>). Wall time and the process's CPU time are
/// both shown; on a shared machine the second is the steadier.
/// </summary>
public class SolveTimeBenchmark(ITestOutputHelper output)
{
    [Theory]
    [InlineData(64)]
    [InlineData(321)]
    public void SolveTimePerSample(int size)
    {
        int n = 3 * size * size;
        output.WriteLine($"3x{size}x{size} = {n} coordinates; one forward+backward of the tiny CNN here: {ForwardBackwardMilliseconds(size):F1} ms");
        var cases = new (string Name, ProgramKind Kind, int Rows, int? K)[]
        {
            ("protect 1 task", ProgramKind.Protect, 1, null),
            ("protect 2 tasks", ProgramKind.Protect, 2, null),
            ("protect 4 tasks", ProgramKind.Protect, 4, null),
            ("floor 3 tasks", ProgramKind.Floor, 3, null),
            ("floor 5 tasks", ProgramKind.Floor, 5, null),
            ("protect 2 tasks + L0 n/20", ProgramKind.Protect, 2, n / 20),
            ("L0 n/20 alone", ProgramKind.Protect, 0, n / 20),
        };
        var random = new Random(size);
        foreach (var (name, kind, rows, k) in cases)
        {
            var programs = Enumerable.Range(0, 6).Select(_ => RandomPrograms.Real(random, kind, n, rows, k, tightness: 0.1 + 0.4 * random.NextDouble())).ToArray();
            // The first two warm the JIT's tiers up; the rest are timed.
            SignProgramSolver.Solve(programs[0]);
            SignProgramSolver.Solve(programs[1]);
            var wall = new List<double>();
            var cpu = new List<double>();
            var solutions = new List<SignSolution>();
            foreach (var program in programs.Skip(2))
            {
                var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var solution = SignProgramSolver.Solve(program);
                wall.Add(watch.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                solutions.Add(solution);
                Assert.True(solution.Value <= solution.LpBound + 1e-9 * Math.Abs(solution.LpBound));
            }
            double worstGap = solutions.Max(s => s.LpBound == 0 ? 0 : (s.LpBound - s.Value) / Math.Abs(s.LpBound));
            output.WriteLine($"  {name,-26} wall median {Median(wall),6:F1} ms (max {wall.Max(),6:F1})  cpu median {Median(cpu),6:F1} ms  " +
                             $"[{string.Join(",", solutions.Select(s => s.Path).Distinct())}; LPs {solutions.Max(s => s.LpSolves)}; " +
                             $"working set <= {solutions.Max(s => s.WorkingSetColumns)}; f <= {solutions.Max(s => s.FractionalCoordinates)}; relative gap to LP <= {worstGap:E1}]");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double ForwardBackwardMilliseconds(int size)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 1, size: size);
        using var context = new AttackContext(model.Target(), batch);
        var objective = new DgbaObjective();
        var times = new List<double>();
        for (int rep = 0; rep < 4; rep++)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            objective.Direction(context, batch.Images);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Median(times.Skip(1).ToList());
    }
}
