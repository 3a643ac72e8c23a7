using System.Globalization;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Cli.Commands.SharingLayouts;

/// <summary>
/// <c>layouts</c>: one line per layout in index order (the index <c>train --layout</c> accepts), optionally with
/// TreeMTL's index beside it, as plain aligned columns so the output can be sorted and filtered with the usual tools.
/// </summary>
public static class LayoutListing
{
    /// <param name="treeMtlIndices">With TreeMTL's index of every layout, a <c>treemtl</c> column shows it.</param>
    public static void Print(LayoutTasks tasks, Backbone backbone, int size, int limit, TextWriter output, IReadOnlyDictionary<Layout, int>? treeMtlIndices = null)
    {
        long count = Layouts.Count(tasks.Count, backbone.BlockCount);
        output.WriteLine($"{count} layout{(count == 1 ? "" : "s")} of {tasks.Count} task{(tasks.Count == 1 ? "" : "s")} ({Numbered(tasks.Names)}) over the " +
                         $"{backbone.BlockCount} blocks of backbone {backbone.Name} ({string.Join(", ", backbone.BlockNames)}), input {size}x{size}.");
        output.WriteLine("parameters: every block copy and head; MACs: multiply-adds per image; sharing: mean over task pairs of the fraction of backbone parameters they share.");

        var rows = Layouts.Enumerate(tasks.Count, backbone.BlockCount).Take(limit)
            .Select((layout, index) => (Index: index, Layout: layout, Measures: LayoutMeasures.Compute(backbone, layout, tasks.OutputChannels, size, size)))
            .ToList();
        int layoutWidth = Math.Max("layout".Length, rows.Count == 0 ? 0 : rows.Max(r => r.Layout.ToString().Length));
        int indexWidth = Math.Max("index".Length, (count - 1).ToString(CultureInfo.InvariantCulture).Length);
        string Extra(string text) => treeMtlIndices is null ? "" : "  " + text.PadLeft(Math.Max("treemtl".Length, indexWidth));
        output.WriteLine($"{"index".PadLeft(indexWidth)}{Extra("treemtl")}  {"layout".PadRight(layoutWidth)}  {"parameters",12}  {"MACs",10}  {"sharing",7}");
        foreach (var (index, layout, measures) in rows)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{index.ToString(CultureInfo.InvariantCulture).PadLeft(indexWidth)}{Extra(treeMtlIndices?[layout].ToString(CultureInfo.InvariantCulture) ?? "")}  {layout.ToString().PadRight(layoutWidth)}  {measures.Parameters,12}  {MultiplyAdds(measures.MultiplyAddsPerImage),10}  {measures.MeanSharing,7:0.000}"));
        if (rows.Count < count)
            output.WriteLine($"... {count - rows.Count} more; raise --limit to list them, or use --count for the number alone.");
    }

    private static string Numbered(IReadOnlyList<string> names) => string.Join(", ", names.Select((n, i) => $"{i} {n}"));

    private static string MultiplyAdds(long value) =>
        value >= 10_000_000_000 ? (value / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + "G"
        : (value / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + "M";
}
