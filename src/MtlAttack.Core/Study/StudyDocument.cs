using System.Text.Json;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Study;

/// <summary>
/// <c>study.json</c>: the settings, the trivial baseline the clean scores are measured against, every finished model
/// with its clean scores and report summary, and (once every model is done) the three answers. Written after every
/// model, so an interrupted study shows what it has, and a rerun knows the settings it must match.
/// </summary>
public sealed record StudyDocument(
    StudySettings Settings,
    IReadOnlyDictionary<string, HeadlineMetric> TrivialBaseline,
    IReadOnlyList<StudiedModel> Models,
    StudyAnswers? Answers)
{
    public const string FileName = "study.json";
    public const string HtmlFileName = "study.html";

    public string ToJson() => JsonSerializer.Serialize(this, ReportWriter.Json);

    public static StudyDocument FromJson(string json) =>
        JsonSerializer.Deserialize<StudyDocument>(json, ReportWriter.Json) ?? throw new InvalidDataException("study.json holds no study.");

    /// <summary>The study in <paramref name="directory"/>, or null when it has none yet.</summary>
    public static StudyDocument? Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return FromJson(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is damaged ({e.Message}); delete it to start the study afresh (finished models are retrained).", e);
        }
    }

    public void Write(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        // Through a temporary file: a study killed while writing keeps its previous study.json.
        string path = Path.Combine(directory, FileName);
        File.WriteAllText(path + ".tmp", ToJson());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>
    /// The settings that differ between two studies, as "name: was A, now B", in declaration order; empty when equal.
    /// Compared as JSON, so lists compare by their items.
    /// </summary>
    public static IReadOnlyList<string> Differences(StudySettings before, StudySettings now)
    {
        var a = JsonSerializer.SerializeToElement(before, ReportWriter.Json);
        var b = JsonSerializer.SerializeToElement(now, ReportWriter.Json);
        var differences = new List<string>();
        foreach (var property in b.EnumerateObject())
        {
            string was = a.TryGetProperty(property.Name, out var old) ? old.GetRawText() : "absent";
            string next = property.Value.GetRawText();
            if (was != next) differences.Add($"{property.Name}: was {Compact(was)}, now {Compact(next)}");
        }
        return differences;
    }

    private static string Compact(string json) => string.Join("", json.Split(['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
}
