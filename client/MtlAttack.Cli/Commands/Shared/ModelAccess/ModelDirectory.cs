using MtlAttack.Core.Models;
using MtlAttack.Core.Training;

namespace MtlAttack.Cli.Commands.Shared.ModelAccess;

/// <summary>
/// What <c>--model DIR</c> may name: a checkpoint (model.json + weights.safetensors), or the output folder of
/// <c>mtlattack train</c>, whose <c>best/</c> checkpoint is then used.
/// </summary>
public static class ModelDirectory
{
    /// <param name="optionName">The option that named the folder, for the messages.</param>
    /// <returns>The full path of the checkpoint folder to load.</returns>
    public static string Resolve(string directory, string optionName = "--model")
    {
        string full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
            throw new UsageException($"{optionName} '{directory}' does not exist; give a checkpoint folder (model.json + weights.safetensors) or a training output folder with best/.");
        if (IsCheckpoint(full)) return full;
        string best = Path.Combine(full, TrainingCheckpoint.BestDirectoryName);
        if (IsCheckpoint(best)) return best;
        throw new UsageException(
            $"{optionName} '{directory}' holds no {MultiTaskNetwork.SpecFileName} (nor a {TrainingCheckpoint.BestDirectoryName}/ checkpoint with one); " +
            "give a checkpoint folder or the --out folder of 'mtlattack train'.");
    }

    private static bool IsCheckpoint(string directory) => File.Exists(Path.Combine(directory, MultiTaskNetwork.SpecFileName));
}
