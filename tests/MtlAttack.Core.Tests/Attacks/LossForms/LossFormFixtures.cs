using System.Text.Json;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks.LossForms;

/// <summary>
/// The reference values tests/fixtures/attacks/make_loss_forms.py computed with PyTorch 1.13 from the published SegPGD and
/// CosPGD formulas (copied to the test output; tests never run Python). Tensors are float64.
/// </summary>
internal sealed class LossFormFixtures
{
    private readonly JsonElement root;

    private LossFormFixtures(JsonElement root) => this.root = root;

    public static LossFormFixtures Load()
    {
        return new LossFormFixtures(FixtureTensors.Load("loss-forms.json"));
    }

    public int Steps => root.GetProperty("steps").GetInt32();

    public Tensor Tensor(string name) => Read(root.GetProperty(name));

    /// <summary>A named case's entry (<c>loss</c>, <c>gradient</c>, <c>goal</c>).</summary>
    public Tensor Case(string name, string entry) => Read(root.GetProperty("cases").GetProperty(name).GetProperty(entry));

    /// <summary>SegPGD's reference loss and gradient with respect to the logits at step <paramref name="step"/>.</summary>
    public (Tensor Loss, Tensor Gradient) SegPgd(int step, bool targeted)
    {
        var entry = root.GetProperty("segpgd").EnumerateArray()
            .Single(e => e.GetProperty("step").GetInt32() == step && e.GetProperty("targeted").GetBoolean() == targeted);
        return (Read(entry.GetProperty("loss")), Read(entry.GetProperty("gradient")));
    }

    private static Tensor Read(JsonElement element) => FixtureTensors.Read(element);
}
