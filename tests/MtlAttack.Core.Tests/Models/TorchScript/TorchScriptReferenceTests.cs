using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.TorchScript;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models.TorchScript;

/// <summary>
/// A PyTorch network no MtlAttack code made, loaded from TorchScript, gives the numbers PyTorch gives: per-task
/// per-sample losses (within 1e-5 relative), input gradients, and FGSM and PGD (3 steps) adversarial images for
/// total and dgba (at most 1% of pixels may differ, where a gradient is ~0 and its sign is a coin toss).
/// </summary>
public sealed class TorchScriptReferenceTests(ITestOutputHelper output)
{
    private const double Epsilon = 4;


    public static TheoryData<string, string> Models => new()
    {
        { "nyu3-scripted", "nyu3" },
        { "nyu3-traced", "nyu3" },
        { "taskonomy5", "taskonomy5" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void LossesMatchPyTorch(string folder, string reference)
    {
        using var scope = NewDisposeScope();
        using var model = ModelFolder.Load(TorchScriptFixtures.Folder(folder), CPU);
        var references = TorchScriptFixtures.References(reference);
        using var context = new AttackContext(model.Target(TorchScriptFixtures.Tasks(model.TaskNames)), TorchScriptFixtures.Batch(references, model.TaskNames));

        var expected = references["losses"];
        double worst = (context.CleanLosses - expected).abs().div(expected.abs()).max().item<float>();
        output.WriteLine($"{folder}: worst relative loss error {worst:E2}");
        Assert.Equal(expected.shape, context.CleanLosses.shape);
        Assert.True(worst <= 1e-5, $"losses differ from PyTorch's by up to {worst:E2} relative");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void InputGradientsMatchPyTorch(string folder, string reference)
    {
        using var scope = NewDisposeScope();
        using var model = ModelFolder.Load(TorchScriptFixtures.Folder(folder), CPU);
        var references = TorchScriptFixtures.References(reference);
        using var context = new AttackContext(model.Target(TorchScriptFixtures.Tasks(model.TaskNames)), TorchScriptFixtures.Batch(references, model.TaskNames));

        using var gradients = enable_grad();
        for (int t = 0; t < model.TaskNames.Count; t++)
        {
            var input = references["images"].detach().requires_grad_(true);
            var gradient = autograd.grad([context.TaskLosses(input)[t].sum()], [input])[0];
            var expected = references[$"gradient.{model.TaskNames[t]}"];
            double scale = expected.abs().max().item<float>();
            double worst = (gradient - expected).abs().max().item<float>() / scale;
            output.WriteLine($"{folder} {model.TaskNames[t]}: worst gradient error {worst:E2} of its largest entry");
            Assert.True(scale > 0, "the reference gradient is zero");
            Assert.True(worst <= 1e-4, $"{model.TaskNames[t]}: input gradient differs from PyTorch's by up to {worst:E2} of its largest entry");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void AdversarialImagesMatchPyTorch(string folder, string reference)
    {
        using var scope = NewDisposeScope();
        using var model = ModelFolder.Load(TorchScriptFixtures.Folder(folder), CPU);
        var references = TorchScriptFixtures.References(reference);
        var target = model.Target(TorchScriptFixtures.Tasks(model.TaskNames));
        using var batch = TorchScriptFixtures.Batch(references, model.TaskNames);

        foreach (var (algorithm, steps) in new (AttackAlgorithm, int)[] { (AttackCatalog.Algorithm("fgsm"), 1), (AttackCatalog.Algorithm("pgd"), 3) })
        foreach (AttackObjective objective in new AttackObjective[] { new TotalLossObjective(), new DgbaObjective() })
        {
            var adversarial = new Attack(algorithm, objective, new AttackBudget(Epsilon, steps)).Run(target, batch);
            var expected = references[$"{algorithm.Name}.{objective.Name}"];
            double differing = (adversarial - expected).abs().gt(1e-3).to_type(ScalarType.Float64).mean().item<double>();
            output.WriteLine($"{folder} {algorithm.Name}-{objective.Name}: {differing:P3} of pixels differ from PyTorch's");
            Assert.True((expected - references["images"]).abs().max().item<float>() > 1, "the reference attack did not move the image");
            Assert.True(differing <= 0.01, $"{algorithm.Name}-{objective.Name}: {differing:P2} of pixels differ from PyTorch's (at most 1% may)");
        }
    }

    [Fact]
    public void ScriptedAndTracedVariantsAgreeAndRepeatExactly()
    {
        using var scope = NewDisposeScope();
        using var scripted = ModelFolder.Load(TorchScriptFixtures.Folder("nyu3-scripted"), CPU);
        using var traced = ModelFolder.Load(TorchScriptFixtures.Folder("nyu3-traced"), CPU);
        var images = TorchScriptFixtures.References("nyu3")["images"];
        var first = scripted.Forward(images);
        for (int run = 0; run < 3; run++)
        {
            var again = scripted.Forward(images);
            foreach (var task in scripted.TaskNames) Assert.True((first[task] - again[task]).abs().max().item<float>() == 0, $"{task}: run {run + 2} differs from run 1");
        }
        var other = traced.Forward(images);
        foreach (var task in scripted.TaskNames)
        {
            Assert.Equal(new long[] { 2, first[task].shape[1], 16, 16 }, first[task].shape);
            Assert.True(first[task].allclose(other[task], rtol: 1e-5, atol: 1e-6), $"{task}: scripted and traced variants differ");
        }
    }

    [Fact]
    public void LoadsInEvalModeWithFrozenWeightsAndTheDeclaredHeader()
    {
        using var model = ModelFolder.Load(TorchScriptFixtures.Folder("taskonomy5"), CPU);
        var torchScript = Assert.IsType<TorchScriptModel>(model);
        Assert.Equal(ModelFormat.TorchScript, model.Header.Format);
        Assert.Equal(["segment_semantic", "normal", "depth_zbuffer", "keypoints2d", "edge_texture"], model.TaskNames);
        Assert.Equal([6, 3, 1, 1, 1], model.Header.Tasks.Select(t => t.OutputChannels));
        Assert.Equal((32, 32), (model.Header.InputHeight, model.Header.InputWidth));
        Assert.NotNull(torchScript.Spec.Scale);
        Assert.Equal([Path.Combine(model.Directory, "model.json"), Path.Combine(model.Directory, "model.pt")], model.Files);
    }
}
