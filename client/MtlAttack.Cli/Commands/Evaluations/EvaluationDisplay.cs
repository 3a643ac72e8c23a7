using System.Globalization;
using MtlAttack.Api.Contracts;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Evaluations;

/// <summary>Evaluations as text: one evaluation's status line, or a table of many.</summary>
public static class EvaluationDisplay
{
    public static string Status(EvaluationInfo evaluation)
    {
        string line = $"Evaluation {evaluation.Id} of model '{evaluation.ModelId}': {evaluation.State}, {Progress(evaluation)}.";
        if (evaluation.Waiting is not null) line = $"{line} Waiting: {evaluation.Waiting}";
        return evaluation.Error is null ? line : $"{line} Error: {evaluation.Error}";
    }

    public static Table Table(IReadOnlyList<EvaluationInfo> evaluations)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "id", "model", "state", "progress" }) table.AddColumn(column);
        foreach (var evaluation in evaluations)
            table.AddRow(Markup.Escape(evaluation.Id), Markup.Escape(evaluation.ModelId), Markup.Escape(evaluation.State), Progress(evaluation));
        return table;
    }

    private static string Progress(EvaluationInfo evaluation) => string.Create(CultureInfo.InvariantCulture,
        $"{evaluation.BatchesDone} of {evaluation.BatchesTotal} batches ({evaluation.Progress:0%})");
}
