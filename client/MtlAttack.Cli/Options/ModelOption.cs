using System.CommandLine;

namespace MtlAttack.Cli.Options;

/// <summary><c>--model MODEL_DIR</c>: a checkpoint folder, or a training output folder whose best/ is used.</summary>
public static class ModelOption
{
    public static Option<string> Create() => CliOptions.RequiredPath("--model", "MODEL_DIR",
        "Checkpoint folder (model.json + weights.safetensors), or the --out folder of 'mtlattack train' (its best/ is used).");
}
