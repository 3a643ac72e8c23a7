using System.Text.Json;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// The progress of an evaluation on disk (<c>progress.jsonl</c> in the report directory): a header line with the
/// evaluation's fingerprint, then one line per finished batch with that batch's statistics. Appending a line per
/// batch keeps saving cheap however large the evaluation grows; replaying the lines rebuilds the merged result, and
/// a batch that appears twice is counted once. A torn last line (the process died while writing) is ignored.
/// </summary>
public sealed class EvaluationCheckpoint(string path, string fingerprint)
{
    public string Path { get; } = path;

    public EvaluationResult LoadOrCreate()
    {
        var result = new EvaluationResult();
        if (!File.Exists(Path)) return result;
        var lines = File.ReadAllLines(Path);
        if (lines.Length == 0) return result;
        var header = Deserialize<Header>(lines[0]);
        if (header?.Fingerprint != fingerprint)
            throw new InvalidOperationException($"{Path} belongs to a different evaluation (model, dataset or settings differ); choose another output directory or delete it.");
        for (int i = 1; i < lines.Length; i++)
        {
            var entry = Deserialize<BatchEntry>(lines[i]);
            if (entry == null)
            {
                if (i == lines.Length - 1) break;
                throw new InvalidDataException($"{Path} line {i + 1} is damaged; delete the file to start the evaluation afresh.");
            }
            Record(result, entry.Cell, entry.Batch, new CellStatistics { Tasks = entry.Tasks, Trace = entry.Trace, Baselines = entry.Baselines ?? [], Goals = entry.Goals ?? [] });
        }
        return result;
    }

    /// <summary>Adds one finished batch to the result and to the file; returns false when the batch was already counted.</summary>
    public static bool Record(EvaluationResult result, EvaluationCell? cell, int batch, CellStatistics statistics)
    {
        if (cell == null) return result.Clean.AddBatch(batch, statistics);
        if (!result.Cells.TryGetValue(cell.Key, out var cellResult))
            result.Cells[cell.Key] = cellResult = new CellResult { Cell = cell };
        return cellResult.Statistics.AddBatch(batch, statistics);
    }

    public void Append(EvaluationCell? cell, int batch, CellStatistics statistics)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(stream);
        if (stream.Length == 0) writer.WriteLine(JsonSerializer.Serialize(new Header(fingerprint), Compact));
        writer.WriteLine(JsonSerializer.Serialize(new BatchEntry(cell, batch, statistics.Tasks, statistics.Trace, statistics.Baselines.Count == 0 ? null : statistics.Baselines,
            statistics.Goals.Count == 0 ? null : statistics.Goals), Compact));
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }

    public static string Fingerprint(string model, string dataset, EvaluationSettings settings) =>
        JsonSerializer.Serialize(new { model, dataset, settings }, Compact);

    private static readonly JsonSerializerOptions Compact = new(ReportWriter.Json) { WriteIndented = false };

    private static T? Deserialize<T>(string line) where T : class
    {
        try { return JsonSerializer.Deserialize<T>(line, Compact); }
        catch (JsonException) { return null; }
    }

    private sealed record Header(string Fingerprint);

    /// <summary>Trace and Baselines are absent from lines written before diagnostics existed, Goals from all but targeted cells; such a file still resumes.</summary>
    private sealed record BatchEntry(EvaluationCell? Cell, int Batch, Dictionary<string, TaskStatistics> Tasks,
        Attacks.Diagnostics.TraceStatistics? Trace = null, Dictionary<string, BaselineStatistics>? Baselines = null,
        Dictionary<string, GoalStatistics>? Goals = null);
}
