using MtlAttack.Api.Contracts;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Models;

/// <summary>Registered models as text: one model's details, or a table of many.</summary>
public static class ModelDisplay
{
    public static void Write(ModelInfo model, TextWriter output)
    {
        output.WriteLine($"Model:       {model.Id}");
        output.WriteLine($"Format:      {model.Format}");
        output.WriteLine($"Tasks:       {string.Join(", ", model.Tasks)}");
        output.WriteLine($"Backbone:    {model.Backbone}");
        output.WriteLine($"Layout:      {model.Layout}");
        output.WriteLine($"Accelerator: {model.Accelerator}");
        // Only a loaded model has a place; say so rather than print empty lines.
        output.WriteLine(model.Silo is null ? "Loaded:      no" : $"Loaded:      on {model.Silo}{(model.Device is null ? "" : $", device {model.Device}")}");
    }

    public static Table Table(IReadOnlyList<ModelInfo> models)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "id", "format", "tasks", "backbone", "layout", "accelerator" }) table.AddColumn(column);
        foreach (var model in models)
            table.AddRow(Markup.Escape(model.Id), Markup.Escape(model.Format), Markup.Escape(string.Join(", ", model.Tasks)), Markup.Escape(model.Backbone),
                Markup.Escape(model.Layout), Markup.Escape(model.Accelerator));
        return table;
    }
}
