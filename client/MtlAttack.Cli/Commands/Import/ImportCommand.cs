using System.CommandLine;
using System.Globalization;
using MtlAttack.Cli.Options;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Import;
using MtlAttack.Core.Models.Import.TreeMtl;

namespace MtlAttack.Cli.Commands.Import;

/// <summary>
/// <c>mtlattack import</c>: turns a model saved by other research code into a native model folder that <c>eval</c>,
/// <c>attack</c> and <c>models upload</c> take. Local, like <c>train</c>; one subcommand per format.
/// </summary>
public static class ImportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("import", "Turn a model saved by other research code into a native model folder (model.json + weights.safetensors).");
        command.Subcommands.Add(TreeMtl(environment));
        return command;
    }

    private static Command TreeMtl(CliEnvironment environment)
    {
        var checkpoint = new Argument<string>("CHECKPOINT")
        {
            Description = "A checkpoint TreeMTL's (or MTLAttack-DGBA's) trainer saved with torch.save (its .model file), or a bare state dict of its Deeplab_ASPP_Layout.",
        };
        var output = CliOptions.RequiredPath("--out", "MODEL_DIR", "Folder to write the native model to (must not hold a model yet).");
        var layout = new Option<int?>("--layout")
        {
            Description = "TreeMTL's layout index (MTLAttack-DGBA's --layout_idx, the folder its weights are in): needed for a bare state dict, checked against a checkpoint's pickled layout.",
            HelpName = "TREEMTL_INDEX",
        };
        var size = CliOptions.PositiveInt("--size", "S", "Square input side the model is evaluated at (default: 321 for NYUv2's three tasks, 224 otherwise, as the reference crops).");

        var command = new Command("treemtl", "Import a TreeMTL DeepLab ResNet layout model: its pickled layout read as plain data (no code runs), its blocks and ASPP heads mapped onto ours.")
        {
            checkpoint, output, layout, size,
        };
        command.SetAction(parseResult =>
        {
            string path = parseResult.GetRequiredValue(checkpoint);
            string folder = Path.GetFullPath(parseResult.GetRequiredValue(output));
            if (File.Exists(Path.Combine(folder, MultiTaskNetwork.SpecFileName)))
                throw new UsageException($"--out '{folder}' already holds a model; choose another folder or remove it first.");
            var options = new TreeMtlImportOptions
            {
                TreeMtlLayoutIndex = parseResult.GetValue(layout),
                InputSize = parseResult.WasGiven(size) ? parseResult.GetValue(size) : null,
            };

            TreeMtlImportResult result;
            try
            {
                result = TreeMtlImport.ImportToCheckpoint(path, folder, options);
            }
            catch (Exception e) when (e is ModelRefusedException or PyTorchFormatException or CheckpointException or FileNotFoundException)
            {
                throw new UsageException(e.Message, e);
            }
            Print(environment.Out, path, folder, result);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(TextWriter output, string path, string folder, TreeMtlImportResult result)
    {
        var spec = result.Spec;
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine($"Imported {path}{(result.Iteration is long iteration ? string.Create(invariant, $" (saved at iteration {iteration})") : "")} into {folder}");
        output.WriteLine($"Model:   {spec.Backbone}{(spec.BackboneWidth is int width ? string.Create(invariant, $" at width {width}") : "")}, tasks "
            + string.Join(", ", spec.Tasks.Select(t => string.Create(invariant, $"{t.Name} ({t.OutputChannels})")))
            + string.Create(invariant, $", input {spec.InputHeight}x{spec.InputWidth} {spec.Normalization.ChannelOrder} mean-subtracted"));
        output.WriteLine(string.Create(invariant, $"Layout:  TreeMTL #{result.TreeMtlLayoutIndex} {result.Layout} = ours #{result.LayoutIndex} {spec.Layout}"));
    }
}
