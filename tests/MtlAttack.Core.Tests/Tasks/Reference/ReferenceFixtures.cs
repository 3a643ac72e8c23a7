using System.Text.Json;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tasks.Reference;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks.Reference;

/// <summary>
/// What tests/fixtures/reference/make_reference.py computed with the reference's formulas (float64, PyTorch 1.13; copied to
/// the test output, tests never run Python): two batches per convention (2 samples, then 1; predictions 2x2, labels 4x4),
/// the reference's metrics over both, its losses per batch, and its batch-pooled total per batch.
/// </summary>
internal sealed class ReferenceFixtures
{
    private readonly JsonElement entry;

    private ReferenceFixtures(JsonElement entry) => this.entry = entry;

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "fixtures", "reference", file);

    public static ReferenceFixtures Load(string convention)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf("metrics.json")));
        return new ReferenceFixtures(document.RootElement.GetProperty(convention).Clone());
    }

    public int BatchCount => entry.GetProperty("batches").GetArrayLength();

    public IReadOnlyList<string> Tasks => entry.GetProperty("batches")[0].EnumerateObject().Select(p => p.Name).ToList();

    /// <summary>Prediction, target and mask of <paramref name="task"/> in batch <paramref name="batch"/>.</summary>
    public (Tensor Prediction, Tensor Target, Tensor Mask) Batch(int batch, string task)
    {
        var element = entry.GetProperty("batches")[batch].GetProperty(task);
        return (Read(element.GetProperty("prediction")), Read(element.GetProperty("target")), Read(element.GetProperty("mask")));
    }

    public IReadOnlyDictionary<string, double> Metrics =>
        entry.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

    public Tensor PerSampleLoss(string task, int batch) => Read(entry.GetProperty("losses").GetProperty(task).GetProperty("per_sample")[batch]);

    public double PooledLoss(string task, int batch) => entry.GetProperty("losses").GetProperty(task).GetProperty("pooled")[batch].GetDouble();

    public double ReferencePooledLoss(string task) => entry.GetProperty("losses").GetProperty(task).GetProperty("reference_pooled_loss").GetDouble();

    public double ReferencePerSampleLoss(string task) => entry.GetProperty("losses").GetProperty(task).GetProperty("reference_per_sample_loss").GetDouble();

    public double TotalPooled(int batch) => entry.GetProperty("total_pooled")[batch].GetDouble();

    /// <summary>The fixture's tasks as the reference protocol wraps them (segmentation: 4 classes for NYUv2, 3 weighted for Taskonomy).</summary>
    public IReadOnlyList<VisionTask> WrappedTasks(string convention)
    {
        var tasks = Tasks.Select(name => name == TaskNames.SegmentSemantic
            ? (VisionTask)new SemanticSegmentationTask(convention == "nyuv2" ? 4 : 3, convention == "nyuv2" ? null : [0.5f, 1f, 2f])
            : VisionTaskFactory.Create(name)).ToList();
        return ReferenceTask.Wrap(tasks);
    }

    private static Tensor Read(JsonElement element)
    {
        var shape = element.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var data = element.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return tensor(data, dtype: ScalarType.Float64).reshape(shape);
    }
}
