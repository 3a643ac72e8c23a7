using TorchSharp;
using TorchSharp.Modules;

namespace MtlAttack.Core.Training;

/// <summary>The optimizers a training run can use, by the names options carry.</summary>
public static class TrainingOptimizers
{
    public const string Sgd = "sgd";
    public const string Adam = "adam";

    public static IReadOnlyList<string> Names { get; } = [Sgd, Adam];

    public static bool IsKnown(string? name) => name is not null && Names.Contains(name.Trim().ToLowerInvariant());

    /// <summary>
    /// The optimizer over <paramref name="parameters"/> at the options' base learning rate. Both kinds are
    /// <see cref="OptimizerHelper"/>s, whose state (momenta, step counts) TorchSharp can save and restore.
    /// </summary>
    public static OptimizerHelper Create(TrainingOptions options, IEnumerable<Parameter> parameters) =>
        options.Optimizer.Trim().ToLowerInvariant() switch
        {
            Sgd => torch.optim.SGD(parameters, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay),
            Adam => torch.optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay),
            _ => throw new ArgumentException($"Unknown optimizer '{options.Optimizer}'; use {string.Join(" or ", Names)}."),
        };

    public static void SetLearningRate(torch.optim.Optimizer optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
    }
}
