using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Tests.Reporting;

/// <summary>
/// Reports built by hand (no model, no tensors): every algorithm x objective x epsilon with made-up but distinct
/// numbers, single-task cells for every task, and the transfer matrices RobustnessReport would derive from them.
/// </summary>
public static class SampleReports
{
    public static readonly string[] Algorithms = ["fgsm", "pgd"];
    public static readonly double[] Epsilons = [2, 4, 8];

    public static RobustnessReport Build(string model = "nyu-small", string dataset = "synthetic:seed=1",
        IReadOnlyList<string>? tasks = null, bool withSingleTask = true)
    {
        tasks ??= ["segment_semantic", "depth_zbuffer"];
        var objectives = (withSingleTask ? tasks.Select(t => $"single({t})") : []).Concat(["total", "dgba"]).ToList();
        var clean = tasks.Select((t, i) => (t, new TaskMeasurement(0.5 + i, new Dictionary<string, double> { ["m1"] = 0.8 - 0.1 * i, ["m2"] = 0.6 })))
            .ToDictionary(p => p.t, p => p.Item2);

        var cells = new List<CellReport>();
        foreach (var (algorithm, a) in Algorithms.Select((x, i) => (x, i)))
            foreach (var (objective, o) in objectives.Select((x, i) => (x, i)))
                foreach (var (epsilon, e) in Epsilons.Select((x, i) => (x, i)))
                {
                    var effects = tasks.Select((t, ti) =>
                    {
                        double drop = 0.01 * (1 + a) * (1 + e) * (1 + o) + 0.003 * ti;
                        double lossChange = 2.5 * drop + 0.01 * ti;
                        return (t, new TaskEffect(drop, lossChange, clean[t].Loss * (1 + lossChange),
                            new Dictionary<string, double> { ["m1"] = 0.8 * (1 - drop), ["m2"] = 0.6 * (1 - drop) },
                            new Dictionary<string, double> { ["m1"] = -drop, ["m2"] = -drop }));
                    }).ToDictionary(p => p.t, p => p.Item2);
                    cells.Add(new CellReport(algorithm, objective, epsilon,
                        effects.Values.Average(x => x.RelativeDrop), effects.Values.Average(x => x.RelativeLossChange), effects));
                }

        var transfer = new List<TransferMatrix>();
        if (withSingleTask)
            foreach (var algorithm in Algorithms)
                foreach (var epsilon in Epsilons)
                {
                    var rows = tasks.Select(source => tasks.Select(target =>
                        cells.Single(c => c.Algorithm == algorithm && c.Epsilon == epsilon && c.Objective == $"single({source})").Tasks[target].RelativeDrop).ToArray()).ToArray();
                    transfer.Add(new TransferMatrix(algorithm, epsilon, tasks.ToList(), rows));
                }
        return new RobustnessReport(model, dataset, tasks.ToList(), clean, cells, transfer);
    }
}
