using System.CommandLine;
using System.Globalization;
using MtlAttack.Cli.Options;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Import.TreeMtl;
using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Cli.Commands.SharingLayouts;

/// <summary><c>mtlattack layouts</c>: the sharing layouts of T tasks over B blocks, with their size and sharing.</summary>
public static class LayoutsCommand
{
    // Sizes the backbones are usually run at: the synthetic scenes for the small net, the NYUv2 crops for the ResNets.
    private const int SmallDefaultSize = 64, ResNetDefaultSize = 321;
    private const int DefaultLimit = 1000;

    public static Command Create(CliEnvironment environment)
    {
        var tasks = new Option<string>("--tasks")
        {
            Description = "Number of tasks T, or the tasks themselves (e.g. nyuv2, or segment_semantic,normal), whose heads the parameter count includes.",
            HelpName = "T",
            Required = true,
        };
        var blocks = CliOptions.PositiveInt("--blocks", "B", "Number of blocks; defaults to the backbone's. Any B works with --count; a listing needs the backbone's.");
        var backbone = BackboneOption.Create();
        var size = CliOptions.PositiveInt("--size", "S", $"Square input side for the multiply-add count (default {SmallDefaultSize} for small, {ResNetDefaultSize} for the ResNets).");
        var count = new Option<bool>("--count") { Description = "Print only the number of layouts (counted, not enumerated, so large T and B are fine)." };
        var limit = CliOptions.PositiveInt("--limit", "N", "List at most this many layouts, from index 0.", DefaultLimit);
        var treeMtl = new Option<bool>("--treemtl")
        {
            Description = "Add a column with TreeMTL's index of each layout (the --layout_idx of MTLAttack-DGBA and of 'mtlattack import treemtl').",
        };

        var command = new Command("layouts", "List the tree-structured sharing layouts of T tasks over B backbone blocks: index, text form, parameters and sharing.")
        {
            tasks, blocks, backbone, size, count, limit, treeMtl,
        };
        command.SetAction(parseResult =>
        {
            var taskSet = LayoutTasks.Parse(parseResult.GetRequiredValue(tasks));
            var net = BackboneCatalog.Get(parseResult.GetRequiredValue(backbone));
            int blockCount = parseResult.WasGiven(blocks) ? parseResult.GetValue(blocks) : net.BlockCount;
            CheckLimits(taskSet.Count, blockCount);
            if (parseResult.GetValue(count))
            {
                long layouts = UsageException.Guard(() => Layouts.Count(taskSet.Count, blockCount), "");
                environment.Out.WriteLine(layouts.ToString(CultureInfo.InvariantCulture));
                return ExitCodes.Success;
            }
            if (blockCount != net.BlockCount)
                throw new UsageException($"Backbone {net.Name} has {net.BlockCount} blocks, so its layouts have {net.BlockCount}, not {blockCount}; omit --blocks or use --count to count layouts of {blockCount} blocks.");
            int side = parseResult.WasGiven(size) ? parseResult.GetValue(size) : net is SmallConvNet ? SmallDefaultSize : ResNetDefaultSize;
            UsageException.Guard(() => net.FeatureShape(side, side), $"--size {side}: ");
            var treeMtlIndices = parseResult.GetValue(treeMtl)
                ? UsageException.Guard(() => TreeMtlLayoutOrder.Indices(taskSet.Count, blockCount), "--treemtl: ")
                : null;
            LayoutListing.Print(taskSet, net, side, parseResult.GetValue(limit), environment.Out, treeMtlIndices);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void CheckLimits(int tasks, int blocks)
    {
        if (tasks > LayoutLimits.MaxTasks)
            throw new UsageException($"--tasks {tasks} is too many; layouts support 1..{LayoutLimits.MaxTasks} tasks.");
        if (blocks > LayoutLimits.MaxBlocks)
            throw new UsageException($"--blocks {blocks} is too many; layouts support 1..{LayoutLimits.MaxBlocks} blocks.");
    }
}
