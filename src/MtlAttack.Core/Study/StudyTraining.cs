using System.Text.Json;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Training;

namespace MtlAttack.Core.Study;

/// <summary>
/// <c>study-training.json</c> in a model's folder, written only when its training finished: the best epoch and its
/// validation scores (the whole test split). Its presence is what makes a rerun reuse the model.
/// </summary>
public sealed record StudyTraining(int BestEpoch, SplitScores Scores, double Seconds)
{
    public const string FileName = "study-training.json";

    public static StudyTraining? Read(string modelDirectory)
    {
        string path = Path.Combine(modelDirectory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<StudyTraining>(File.ReadAllText(path), ReportWriter.Json);
        }
        // A torn file means the training's end was not recorded: train again.
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string modelDirectory) =>
        File.WriteAllText(Path.Combine(modelDirectory, FileName), JsonSerializer.Serialize(this, ReportWriter.Json));
}
