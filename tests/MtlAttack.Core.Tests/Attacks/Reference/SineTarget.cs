using System.Text.Json;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks.Reference;

/// <summary>
/// The tiny fixed model of tests/fixtures/attacks/make_apgd_reference.py and make_saga.py, in float64: task t's output at
/// every pixel is sin(w_t . x / 2 + b_t) (a 1x1 convolution of the three channels), its loss the per-sample mean absolute
/// error to a fixed target (<see cref="MaskedL1Task"/>, every pixel scored); pixel range [low, high]. Every forward's input
/// is recorded, so a test can compare the points an attack evaluated its objective at with the script's, step by step.
/// </summary>
internal sealed class SineTarget : IDisposable
{
    private readonly Tensor weights, biases, targets;
    private readonly List<Tensor> seen = [];

    public SineTarget(JsonElement fixture)
    {
        Tasks = fixture.GetProperty("tasks").EnumerateArray().Select(e => (VisionTask)new MaskedL1Task(e.GetString()!)).ToList();
        weights = FixtureTensors.Read(fixture.GetProperty("weights"));
        biases = FixtureTensors.Read(fixture.GetProperty("biases"));
        targets = FixtureTensors.Read(fixture.GetProperty("targets"));
        Clean = FixtureTensors.Read(fixture.GetProperty("clean"));
        double low = fixture.GetProperty("low").GetDouble(), high = fixture.GetProperty("high").GetDouble();
        Target = new AttackTarget(Forward, Tasks, new PixelBounds([low, low, low], [high, high, high]));
    }

    public IReadOnlyList<VisionTask> Tasks { get; }

    public AttackTarget Target { get; }

    public Tensor Clean { get; }

    /// <summary>Every image batch the model has been run on, in order.</summary>
    public IReadOnlyList<Tensor> Seen => seen;

    public MultiTaskBatch Batch()
    {
        long n = Clean.shape[0];
        var mask = ones(n, 1, Clean.shape[2], Clean.shape[3], dtype: ScalarType.Float64);
        return new MultiTaskBatch(Clean,
            Tasks.Select((t, i) => (t.Name, Target: targets[i])).ToDictionary(p => p.Name, p => p.Target),
            Tasks.ToDictionary(t => t.Name, _ => mask));
    }

    private IReadOnlyDictionary<string, Tensor> Forward(Tensor images)
    {
        seen.Add(images.detach().clone().DetachFromDisposeScope());
        var outputs = new Dictionary<string, Tensor>();
        for (int t = 0; t < Tasks.Count; t++)
        {
            var mixed = einsum("c,nchw->nhw", weights[t], images / 2.0).unsqueeze(1);
            outputs[Tasks[t].Name] = (mixed + biases[t]).sin();
        }
        return outputs;
    }

    public void Forget()
    {
        foreach (var t in seen) t.Dispose();
        seen.Clear();
    }

    public void Dispose()
    {
        Forget();
        weights.Dispose();
        biases.Dispose();
        targets.Dispose();
        Clean.Dispose();
    }
}
