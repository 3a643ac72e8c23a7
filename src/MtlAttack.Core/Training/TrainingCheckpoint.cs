using MtlAttack.Core.Models;
using TorchSharp.Modules;

namespace MtlAttack.Core.Training;

/// <summary>
/// A training checkpoint is a <see cref="MultiTaskNetwork"/> checkpoint (<c>model.json</c>, <c>weights.safetensors</c>)
/// plus <c>training-state.json</c> and, in <c>last/</c>, the optimizer's state in TorchSharp's own binary format
/// (tensors and numbers only, nothing executable). It is written to a fresh folder and then swapped in, so a run
/// killed while saving leaves the previous checkpoint whole.
/// </summary>
public static class TrainingCheckpoint
{
    public const string BestDirectoryName = "best";
    public const string LastDirectoryName = "last";

    public static void Save(string directory, MultiTaskNetwork network, TrainingState state, OptimizerHelper? optimizer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(state);
        var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        var suffix = Guid.NewGuid().ToString("N");
        var staging = $"{full}.partial-{suffix}";
        var retired = $"{full}.old-{suffix}";
        try
        {
            network.Save(staging);
            if (optimizer is not null) optimizer.save_state_dict(Path.Combine(staging, TrainingState.OptimizerStateFileName));
            File.WriteAllText(Path.Combine(staging, TrainingState.FileName), (state with { HasOptimizerState = optimizer is not null }).ToJson());
            if (Directory.Exists(full)) Directory.Move(full, retired);
            Directory.Move(staging, full);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            if (Directory.Exists(retired)) Directory.Delete(retired, recursive: true);
        }
    }

    /// <summary>Restores the optimizer's moments saved with a checkpoint; false when the checkpoint has none (e.g. <c>best/</c>).</summary>
    public static bool TryLoadOptimizerState(string directory, TrainingState state, OptimizerHelper optimizer)
    {
        var path = Path.Combine(directory, TrainingState.OptimizerStateFileName);
        if (!state.HasOptimizerState || !File.Exists(path)) return false;
        optimizer.load_state_dict(path);
        return true;
    }
}
