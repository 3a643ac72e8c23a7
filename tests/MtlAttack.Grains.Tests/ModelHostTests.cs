using Microsoft.Extensions.Logging.Abstractions;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.TorchScript;
using static TorchSharp.torch;

namespace MtlAttack.Grains.Tests;

public class ModelHostTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void LoadsOncePerCheckpointAndUnloadsWithTheLastLease()
    {
        string checkpoint = TinyModels.Save(folder.Sub("tiny"));
        using var host = Host(allowTorchScript: false);
        var first = host.Acquire(checkpoint);
        var second = host.Acquire(checkpoint + "/");
        Assert.Same(first.Model, second.Model);
        Assert.Equal(2, host.ReferenceCount(checkpoint));
        var network = Assert.IsType<NativeModel>(first.Model).Network;
        Assert.False(network.training, "networks are served in eval mode");
        Assert.All(network.parameters(), p => Assert.False(p.requires_grad));

        first.Dispose();
        first.Dispose(); // a lease releases once
        Assert.Equal(1, host.ReferenceCount(checkpoint));
        second.Dispose();
        Assert.Equal(0, host.LoadedCount);

        using var third = host.Acquire(checkpoint);
        Assert.NotSame(second.Model, third.Model);
    }

    [Fact]
    public void NonFiniteWeightsAreRefusedWithTheCheckpointsOwnMessage()
    {
        string checkpoint = TinyModels.Save(folder.Sub("nan"), withNaN: true);
        using var host = Host(allowTorchScript: true);
        var error = Assert.Throws<CheckpointException>(() => host.Acquire(checkpoint));
        Assert.Contains("NaN or infinite", error.Message);
        Assert.Equal(0, host.LoadedCount);
    }

    [Fact]
    public void ATorchScriptModelIsLoadedOnceAndServedThroughTheSameLease()
    {
        string checkpoint = TorchScriptModels.Folder(TorchScriptModels.Nyu3);
        using var host = Host(allowTorchScript: true);
        using var first = host.Acquire(checkpoint);
        using var second = host.Acquire(checkpoint);
        var model = Assert.IsType<TorchScriptModel>(first.Model);
        Assert.Same(model, second.Model);
        Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], model.TaskNames);
        using var images = zeros(2, 3, 32, 32);
        var outputs = model.Forward(images);
        Assert.Equal([2L, 3, 16, 16], outputs["normal"].shape);
        foreach (var output in outputs.Values) output.Dispose();
    }

    [Fact]
    public void ASiloThatDoesNotAllowTorchScriptRefusesItNamingTheSetting()
    {
        // An archive that is not even TorchScript: refused for the setting before anything opens it.
        string checkpoint = TorchScriptModels.Copy(TorchScriptModels.Nyu3, folder.Sub("not-allowed"));
        File.WriteAllText(Path.Combine(checkpoint, "model.pt"), "not an archive");
        using var host = Host(allowTorchScript: false);
        var error = Assert.Throws<ModelRefusedException>(() => host.Acquire(checkpoint));
        Assert.Contains("does not load TorchScript models", error.Message);
        Assert.Contains(ModelHostOptions.AllowTorchScriptSetting, error.Message);
        Assert.Equal(0, host.LoadedCount);
    }

    [Fact]
    public void AnArchiveOverTheSilosLimitIsRefused()
    {
        using var host = new ModelHost(NullLogger<ModelHost>.Instance,
            new ModelHostOptions { AllowTorchScript = true, TorchScriptLimits = new TorchScriptLimits { MaxFileBytes = 1000 } }, CPU);
        var error = Assert.Throws<ModelRefusedException>(() => host.Acquire(TorchScriptModels.Folder(TorchScriptModels.Nyu3)));
        Assert.Contains("over the limit of 1,000", error.Message);
        Assert.Equal(0, host.LoadedCount);
    }

    private static ModelHost Host(bool allowTorchScript) =>
        new(NullLogger<ModelHost>.Instance, new ModelHostOptions { AllowTorchScript = allowTorchScript }, CPU);

    public void Dispose() => folder.Dispose();
}
