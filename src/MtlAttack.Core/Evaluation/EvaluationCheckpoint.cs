using System.Text.Json;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// The progress of an evaluation on disk (<c>progress.json</c> in the report directory), written after every
/// finished batch so a stopped run resumes where it was: finished cells and batches are not recomputed.
/// The fingerprint (model, dataset, settings) guards against resuming a different evaluation.
/// </summary>
public sealed class EvaluationCheckpoint(string path, string fingerprint)
{
    public string Path { get; } = path;

    public EvaluationResult LoadOrCreate()
    {
        if (!File.Exists(Path)) return new EvaluationResult();
        var saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(Path), ReportWriter.Json)
            ?? throw new InvalidDataException($"{Path} is empty; delete it to start the evaluation afresh.");
        if (saved.Fingerprint != fingerprint)
            throw new InvalidOperationException($"{Path} belongs to a different evaluation (model, dataset or settings differ); choose another output directory or delete it.");
        return saved.Result;
    }

    public void Save(EvaluationResult result)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var temp = Path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new Saved(fingerprint, result), ReportWriter.Json));
        File.Move(temp, Path, overwrite: true);
    }

    public static string Fingerprint(string model, string dataset, EvaluationSettings settings) =>
        JsonSerializer.Serialize(new { model, dataset, settings }, ReportWriter.Json);

    private sealed record Saved(string Fingerprint, EvaluationResult Result);
}
