using System.CommandLine;

namespace MtlAttack.Cli.Options;

/// <summary><c>--model MODEL_DIR</c>: a checkpoint folder, or a training output folder whose best/ is used.</summary>
public static class ModelOption
{
    public static Option<string> Create() => CliOptions.RequiredPath("--model", "MODEL_DIR",
        "Model folder: a checkpoint (model.json + weights.safetensors), a TorchScript export (model.json naming its file), or the --out folder of 'mtlattack train' (its best/ is used).");
}
